import CityCalls
import ConsoleAccounts
import Contracts
import Foundation
import ServiceKit

/// The console's only way to the city's data: the services' public APIs, as the signed-in
/// person, with a staff token of their roles that lives five minutes.
struct ServiceCalls: Sendable {
    let urls: [ServiceIdentity: URL]
    /// The city CA the services' certificates are checked against (`nil`: the system's).
    let caFile: String?
    let tokens: TokenAuthority

    /// One answer: its status and JSON body (`null` when there is none).
    struct Reply: Sendable {
        let status: Int
        let json: JSONValue

        var succeeded: Bool { (200..<300).contains(status) }

        /// The problem's field errors, by field (`givenName`: "must not be empty").
        var fieldErrors: [String: String] {
            Dictionary(
                json["errors"].items.compactMap { error in error["field"].string.map { ($0, error["message"].string ?? "") } },
                uniquingKeysWith: { first, _ in first })
        }
    }

    /// What a refused call's problem says, for a person reading `language`: its field errors
    /// (each field named in their words), else its detail or title.
    static func problemWords(_ reply: Reply, in language: ConsoleLanguage) -> String {
        let words = language.wording
        // Problem types are URNs (`urn:jardam:problem:consent-required`): their last part names them.
        switch reply.json["type"].string?.split(separator: ":").last.map(String.init) {
        case "consent-required":
            return "\(words["problem_consent-required"] ?? "") \(Labels.label(reply.json["purpose"].string ?? "", in: language))"
        case let type? where words["problem_\(type)"] != nil && reply.fieldErrors.isEmpty:
            return words["problem_\(type)"] ?? ""
        default:
            let fields = reply.fieldErrors.map { "\(words[$0.key] ?? $0.key): \($0.value)" }.sorted()
            return fields.isEmpty ? (reply.json["detail"].string ?? reply.json["title"].string ?? "") : fields.joined(separator: "; ")
        }
    }

    /// A service did not answer.
    struct Unreachable: Error {
        let service: ServiceIdentity
    }

    /// Calls `service` as `account`; `json` is the request body, `accessReason` why a personal
    /// record is opened (kept in the service's audit log).
    func call(
        _ method: String, _ service: ServiceIdentity, _ path: String, as account: StaffAccount, json: JSONValue? = nil, idempotencyKey: String? = nil,
        accessReason: String? = nil
    ) async throws -> Reply {
        guard let base = urls[service], let url = URL(string: path, relativeTo: base) else { throw Unreachable(service: service) }
        let token = try await tokens.issue(subject: account.username, roles: account.roles, partner: account.partnerId, lifetime: .seconds(300))
        // Russian next: the console's own words fall back to it where a language has none.
        var headers = [("Authorization", "Bearer \(token)"), ("Accept-Language", "\(account.language.rawValue), ru;q=0.5")]
        if json != nil { headers.append(("Content-Type", "application/json")) }
        if let idempotencyKey, !idempotencyKey.isEmpty { headers.append(("Idempotency-Key", idempotencyKey)) }
        if let accessReason { headers.append(("Jardam-Access-Reason", accessReason)) }
        let reply: CityHTTP.Reply
        do {
            reply = try await CityHTTP.send(
                method, url, headers: headers, body: try json.map { try Wire.encode($0) }, trusting: caFile, timeout: .seconds(30))
        } catch {
            throw Unreachable(service: service)
        }
        return Reply(status: reply.status, json: (try? Wire.decode(JSONValue.self, from: reply.body)) ?? .null)
    }
}
