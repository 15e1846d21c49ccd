import ConsoleAccounts
import Contracts
import Foundation
import Hummingbird
import ServiceKit

/// The supervisor's dashboard: what needs action across the city and the network — open cases
/// by priority, referrals escalated or unrouted, holds about to expire, follow-ups overdue,
/// employers on the review list, each service's health, queue and dead letters, the links.
struct DashboardRoutes: Sendable {
    let console: ConsoleRoutes
    let calls: ServiceCalls

    /// How many items a count asks for; more shows as "200 or more".
    static let countLimit = 200
    /// A hold expiring within this many seconds is "about to expire".
    static let expiringWithin: TimeInterval = 2 * 3600

    func add(to router: Router<JardamRequestContext>) {
        router.get("/dashboard") { request, _ in
            try await console.open(.dashboard, request) { signed in
                let language = signed.account.language
                let account = signed.account
                var openCases: [[String: Any]] = []
                for priority in Priority.known {
                    let found = try await count(.intake, "/v1/cases?status=open&priority=\(priority.rawValue)", as: account, in: language)
                    openCases.append(["priority": priority.rawValue, "label": Labels.label(priority.rawValue, in: language), "count": found])
                }
                let referrals = [
                    [
                        "id": "escalated", "label": language.wording["escalated"] ?? "",
                        "count": try await count(.legalReferral, "/v1/referrals?escalated=true", as: account, in: language),
                    ],
                    [
                        "id": "unrouted", "label": Labels.label("unrouted", in: language),
                        "count": try await count(.legalReferral, "/v1/referrals?status=unrouted", as: account, in: language),
                    ],
                ]
                let soon = Date().addingTimeInterval(Self.expiringWithin)
                let holds = try await calls.call("GET", .shelter, "/v1/bookings?status=held&limit=\(Self.countLimit)", as: account).json["items"]
                    .items
                    .filter { hold in hold["expiresAt"].string.flatMap(DateWords.instant).map { $0 <= soon } ?? false }
                    .map { hold -> [String: Any] in
                        [
                            "caseId": hold["caseId"].string ?? "", "beds": Int(hold["beds"].number ?? 0),
                            "expiresAt": DateWords.format(hold["expiresAt"].string, in: language),
                        ]
                    }
                let overdue = try await calls.call("GET", .laborExchange, "/v1/follow-ups/overdue", as: account).json["items"].items.map {
                    item -> [String: Any] in
                    ["caseId": item["caseId"].string ?? "", "month": Int(item["month"].number ?? 0), "due": item["due"].string ?? ""]
                }
                let review = try await calls.call("GET", .legalReferral, "/v1/employers/review", as: account).json["items"].items.map {
                    item -> [String: Any] in
                    [
                        "taxId": item["taxId"].string ?? "", "complaints": Int(item["complaints"].number ?? 0),
                        "kinds": item["kinds"].items.compactMap(\.string).map { Labels.label($0, in: language) }.joined(separator: ", "),
                    ]
                }
                var services: [[String: Any]] = []
                for service in ServiceIdentity.allCases {
                    services.append(try await health(of: service, as: account, in: language))
                }
                let links = try await calls.call("GET", .network, "/v1/network/links", as: account).json["items"].items.map { link -> [String: Any] in
                    var shown: [String: Any] = ["city": (link["city"].string ?? "").capitalized]
                    if let age = link["lastMessageAgeSeconds"].number { shown["age"] = Int(age) }
                    return shown
                }
                let values: [String: Any] = [
                    "openCases": openCases, "referrals": referrals, "holds": holds, "noHolds": holds.isEmpty, "holdCount": holds.count,
                    "overdue": overdue, "noOverdue": overdue.isEmpty, "overdueCount": overdue.count, "review": review,
                    "noReview": review.isEmpty, "reviewCount": review.count, "services": services, "links": links, "noLinks": links.isEmpty,
                ]
                return console.pages.render("dashboard", language: language, signedIn: account, csrf: signed.session.csrfToken, values)
            }
        }
    }

    /// How many items `path` lists, up to ``countLimit`` ("200 or more" beyond).
    private func count(_ service: ServiceIdentity, _ path: String, as account: StaffAccount, in language: ConsoleLanguage) async throws -> String {
        let reply = try await calls.call("GET", service, "\(path)&limit=\(Self.countLimit)", as: account)
        let found = reply.json["items"].items.count
        return reply.json["nextCursor"].string == nil ? "\(found)" : "\(found) \(language.wording["orMore"] ?? "+")"
    }

    /// Whether `service` is ready, and its queue and outbox as it reports them.
    private func health(of service: ServiceIdentity, as account: StaffAccount, in language: ConsoleLanguage) async throws -> [String: Any] {
        var shown: [String: Any] = ["service": service.rawValue]
        let ready = (try? await calls.call("GET", service, "/health/ready", as: account))?.succeeded ?? false
        shown["ready"] = language.wording[ready ? "yes" : "no"] ?? ""
        shown["down"] = !ready
        if let status = try? await calls.call("GET", service, "/v1/operations/status", as: account), status.succeeded {
            shown["waiting"] = Int(status.json["waiting"].number ?? 0) + Int(status.json["retrying"].number ?? 0)
            shown["deadLetters"] = Int(status.json["deadLetters"].number ?? 0)
            shown["outbox"] = Int(status.json["outboxBacklog"].number ?? 0)
        } else {
            shown["waiting"] = "?"
            shown["deadLetters"] = "?"
            shown["outbox"] = "?"
        }
        return shown
    }
}
