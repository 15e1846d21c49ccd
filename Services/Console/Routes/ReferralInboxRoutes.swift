import ConsoleAccounts
import Contracts
import Foundation
import Hummingbird
import ServiceKit

/// The referral inbox (lawyer): the referrals proposed to or taken by the lawyer's own firm —
/// legal-referral shows a lawyer no other — to accept, decline with a reason, and resolve with an
/// outcome.
struct ReferralInboxRoutes: Sendable {
    let console: ConsoleRoutes
    let calls: ServiceCalls

    /// The statuses the inbox filters by, in its order.
    static let statuses = ["proposed", "accepted", "resolved", "declined"]

    func add(to router: Router<JardamRequestContext>) {
        router.get("/referrals") { request, _ in
            try await console.open(.referrals, request) { signed in
                let status = request.uri.queryParameters["status"].map(String.init).flatMap { Self.statuses.contains($0) ? $0 : nil } ?? "proposed"
                let notice = request.uri.queryParameters["done"].map(String.init)
                return try await page(signed, showing: status, notice: notice.flatMap { signed.account.language.wording["referral_\($0)"] })
            }
        }
        for action in ["accept", "decline", "resolve"] {
            router.post("/referrals/:id/\(action)") { request, context in
                try await console.submit(.referrals, request) { signed, form in
                    guard let id = context.parameters.get("id").flatMap(UUID.init(uuidString:)) else {
                        return try await page(signed, showing: "proposed", notice: nil, status: .notFound)
                    }
                    var body: [String: JSONValue] = [:]
                    if !form["note"].isEmpty { body["note"] = .string(form["note"]) }
                    if action == "resolve" { body["outcome"] = .string(form["outcome"]) }
                    let reply = try await calls.call(
                        "POST", .legalReferral, "/v1/referrals/\(id.lowercased)/\(action)", as: signed.account, json: .object(body))
                    guard reply.succeeded else {
                        let message = ServiceCalls.problemWords(reply, in: signed.account.language)
                        return try await page(signed, showing: "proposed", notice: nil, error: message, status: .unprocessableContent)
                    }
                    return ConsoleRoutes.redirect("/referrals?status=\(action == "accept" ? "accepted" : "proposed")&done=\(action)")
                }
            }
        }
    }

    private func page(
        _ signed: ConsoleRoutes.Signed, showing filter: String, notice: String?, error: String? = nil, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let language = signed.account.language
        let reply = try await calls.call("GET", .legalReferral, "/v1/referrals?status=\(filter)&limit=100", as: signed.account)
        let referrals = reply.json["items"].items.map { referral -> [String: Any] in
            let state = referral["status"].string ?? ""
            return [
                "id": referral["id"].string ?? "", "caseId": referral["caseId"].string ?? "",
                "issue": Labels.label(referral["issue"].string ?? "", in: language),
                "language": Labels.label(referral["language"].string ?? "", in: language),
                "status": Labels.label(state, in: language), "proposedAt": DateWords.format(referral["proposedAt"].string, in: language),
                "canAnswer": state == "proposed", "canResolve": state == "accepted",
            ]
        }
        var values: [String: Any] = [
            "referrals": referrals, "empty": referrals.isEmpty,
            "filters": Self.statuses.map { ["value": $0, "label": Labels.label($0, in: language), "current": $0 == filter] },
            "outcomes": Labels.choices(ReferralOutcome.known.map(\.rawValue), in: language),
        ]
        if let notice { values["notice"] = notice }
        if let error { values["message"] = error }
        return console.pages.render("referrals", language: language, status: status, signedIn: signed.account, csrf: signed.session.csrfToken, values)
    }
}
