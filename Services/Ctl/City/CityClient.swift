import CityCalls
import Contracts
import Foundation
import ServiceKit

/// The six services of one city over HTTP, as staff reach them: each call signs a short token
/// with the roles it needs, from the city's `JARDAM_TOKEN_SECRET`.
struct CityClient: Sendable {
    /// One answer: the status and the JSON body (`null` when there is none or it is not JSON).
    struct Reply: Sendable {
        let status: Int
        let json: JSONValue
    }

    let city: String
    private let authority: TokenAuthority
    private let baseURLs: [ServiceIdentity: URL]
    private let caFile: String?

    /// Reads `JARDAM_CITY`, `JARDAM_TOKEN_SECRET` and where each service answers from `environment`.
    init(environment: CtlEnvironment) async throws {
        let city = try environment.city()
        var urls: [ServiceIdentity: URL] = [:]
        for service in ServiceIdentity.allCases { urls[service] = try environment.baseURL(of: service) }
        self.city = city
        self.baseURLs = urls
        self.caFile = environment.caFile()
        self.authority = await TokenAuthority(secret: try environment.tokenSecret(), city: city)
    }

    /// The base URL of `service`.
    func baseURL(of service: ServiceIdentity) -> URL { baseURLs[service]! }

    /// Sends one request as staff with `roles` (and `partner`, for partner staff), answered
    /// within `timeout`.
    func send(
        _ method: String, _ service: ServiceIdentity, _ path: String, as roles: [Role], partner: UUID? = nil,
        body: JSONValue? = nil, idempotencyKey: String? = nil, timeout: Duration = .seconds(120)
    ) async throws -> Reply {
        guard let url = URL(string: path, relativeTo: baseURL(of: service)) else { throw CtlError("bad path \(path)") }
        let token = try await authority.issue(subject: "jardamctl", roles: roles, partner: partner, lifetime: .seconds(300))
        var headers = [("Authorization", "Bearer \(token)")]
        if body != nil { headers.append(("Content-Type", "application/json")) }
        if let idempotencyKey { headers.append(("Idempotency-Key", idempotencyKey)) }
        let reply: CityHTTP.Reply
        do {
            reply = try await CityHTTP.send(
                method, url, headers: headers, body: try body.map { try Wire.encode($0) }, trusting: caFile, timeout: timeout)
        } catch {
            throw CtlError("\(service.rawValue) does not answer at \(baseURL(of: service).absoluteString): is the city up (make up)?")
        }
        let json = (try? Wire.decode(JSONValue.self, from: reply.body)) ?? .null
        return Reply(status: reply.status, json: json)
    }

    /// Sends a request that must succeed (2xx); otherwise throws with the problem's title and detail.
    @discardableResult
    func expect(
        _ method: String, _ service: ServiceIdentity, _ path: String, as roles: [Role], partner: UUID? = nil,
        body: JSONValue? = nil, idempotencyKey: String? = nil
    ) async throws -> JSONValue {
        let reply = try await send(method, service, path, as: roles, partner: partner, body: body, idempotencyKey: idempotencyKey)
        guard (200..<300).contains(reply.status) else {
            let problem = [reply.json["title"].string, reply.json["detail"].string].compactMap { $0 }.joined(separator: ": ")
            let fields = reply.json["errors"].items.compactMap { error in error["field"].string.map { "\($0) \(error["message"].string ?? "")" } }
            throw CtlError("\(method) \(service.rawValue)\(path) answered \(reply.status) \(problem) \(fields.joined(separator: "; "))")
        }
        return reply.json
    }

    /// Every item of a paged list (`{items, nextCursor}`), following the cursors.
    func all(_ service: ServiceIdentity, _ path: String, as roles: [Role], partner: UUID? = nil) async throws -> [JSONValue] {
        var items: [JSONValue] = []
        var cursor: String?
        repeat {
            let separator = path.contains("?") ? "&" : "?"
            let page = try await expect(
                "GET", service, path + separator + "limit=200" + (cursor.map { "&cursor=\($0)" } ?? ""), as: roles, partner: partner)
            items += page["items"].items
            cursor = page["nextCursor"].string
        } while cursor != nil
        return items
    }
}
