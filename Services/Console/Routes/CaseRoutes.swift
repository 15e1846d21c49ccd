import ConsoleAccounts
import Contracts
import Foundation
import Hummingbird
import ServiceKit

/// The cases (caseworker, supervisor): a list with filters and pages, and a case page with its
/// needs, consents, beds, referrals and the timeline every service writes.
struct CaseRoutes: Sendable {
    let console: ConsoleRoutes
    let calls: ServiceCalls

    /// The filters the list passes on to intake, each a closed list.
    static let filters: [(name: String, values: [String])] = [
        ("status", ["open", "closed", "transferred"]), ("need", Need.known.map(\.rawValue)),
        ("language", HotlineRoutes.languages), ("priority", Priority.known.map(\.rawValue)),
    ]

    func add(to router: Router<JardamRequestContext>) {
        router.get("/cases") { request, _ in
            try await console.open(.cases, request) { signed in
                let language = signed.account.language
                let query = request.uri.queryParameters
                var chosen: [String: String] = [:]
                var parameters: [String] = ["limit=50"]
                for (name, values) in Self.filters {
                    if let value = query[Substring(name)].map(String.init), values.contains(value) {
                        chosen[name] = value
                        parameters.append("\(name)=\(value)")
                    }
                }
                if let cursor = query["cursor"].map(String.init), cursor.allSatisfy(\.isNumber) { parameters.append("cursor=\(cursor)") }
                let mine = query["mine"] == "1"
                if mine {
                    chosen["mine"] = "1"
                    parameters.append("assignee=me")
                }
                let reply = try await calls.call("GET", .intake, "/v1/cases?\(parameters.joined(separator: "&"))", as: signed.account)
                let cases = reply.json["items"].items.map { item -> [String: Any] in
                    [
                        "id": item["id"].string ?? "", "priority": Labels.label(item["priority"].string ?? "", in: language),
                        "language": Labels.label(item["language"].string ?? "", in: language),
                        "needs": item["needs"].items.compactMap(\.string).map { Labels.label($0, in: language) }.joined(separator: ", "),
                        "status": Labels.label(item["status"].string ?? "", in: language),
                        "createdAt": DateWords.format(item["createdAt"].string, in: language),
                    ]
                }
                let filters = Self.filters.map { name, values -> [String: Any] in
                    [
                        "name": name, "label": language.wording["filter_\(name)"] ?? name,
                        "options": [["value": "", "label": language.wording["any"] ?? "", "checked": chosen[name] == nil]]
                            + Labels.choices(values, in: language, checked: Set(chosen[name].map { [$0] } ?? [])),
                    ]
                }
                var values: [String: Any] = ["cases": cases, "empty": cases.isEmpty, "filters": filters, "mine": mine]
                if let next = reply.json["nextCursor"].string {
                    values["next"] = "/cases?" + (chosen.map { "\($0.key)=\($0.value)" }.sorted() + ["cursor=\(next)"]).joined(separator: "&")
                }
                return console.pages.render("cases", language: language, signedIn: signed.account, csrf: signed.session.csrfToken, values)
            }
        }

        router.get("/cases/:id") { request, context in
            try await console.open(.cases, request) { signed in
                let done = request.uri.queryParameters["done"].flatMap { signed.account.language.wording["done_\($0)"] }
                return try await casePage(signed, id: context.parameters.get("id"), done.map { ["notice": $0] } ?? [:])
            }
        }
        addActions(to: router)
    }

    /// The case page of `id` with `extra` values (a notice, a refusal), or a page saying it is not
    /// there.
    func casePage(_ signed: ConsoleRoutes.Signed, id text: String?, _ extra: [String: Any], status: HTTPResponse.Status = .ok) async throws
        -> Response
    {
        let language = signed.account.language
        guard let id = text.flatMap(UUID.init(uuidString:))?.lowercased else {
            return console.pages.render(
                "message", language: language, status: .notFound, signedIn: signed.account, csrf: signed.session.csrfToken,
                ["title": "notFoundTitle", "message": "notFound"].worded(language))
        }
        let found = try await calls.call("GET", .intake, "/v1/cases/\(id)", as: signed.account)
        guard found.succeeded else {
            return console.pages.render(
                "message", language: language, status: .notFound, signedIn: signed.account, csrf: signed.session.csrfToken,
                ["title": "notFoundTitle", "message": "notFound"].worded(language))
        }
        let theCase = found.json
        let timeline = try await calls.call("GET", .intake, "/v1/cases/\(id)/timeline?limit=200", as: signed.account).json["items"].items
        let bookings = try await calls.call("GET", .shelter, "/v1/bookings?caseId=\(id)", as: signed.account).json["items"].items
        let referrals = try await calls.call("GET", .legalReferral, "/v1/referrals?caseId=\(id)", as: signed.account).json["items"].items
        let vulnerabilities = theCase["vulnerabilities"].items.compactMap(\.string).map { Labels.label($0, in: language) }
        var values: [String: Any] = [
            "id": id, "vulnerabilities": vulnerabilities, "hasVulnerabilities": !vulnerabilities.isEmpty,
            "status": Labels.label(theCase["status"].string ?? "", in: language),
            "priority": Labels.label(theCase["priority"].string ?? "", in: language),
            "language": Labels.label(theCase["language"].string ?? "", in: language),
            "needs": theCase["needs"].items.compactMap(\.string).map { Labels.label($0, in: language) },
            "consents": theCase["consents"].items.map { consent -> [String: Any] in
                var shown: [String: Any] = [
                    "purpose": Labels.label(consent["purpose"].string ?? "", in: language), "granted": consent["granted"].bool ?? false,
                    "value": consent["purpose"].string ?? "",
                ]
                if consent["expiresAt"].string != nil { shown["expiresAt"] = DateWords.format(consent["expiresAt"].string, in: language) }
                return shown
            },
            "bookings": bookings.map { booking -> [String: Any] in
                [
                    "status": Labels.label(booking["status"].string ?? "", in: language), "beds": Int(booking["beds"].number ?? 0),
                    "from": booking["from"].string ?? "", "to": booking["to"].string ?? "",
                ]
            },
            "referrals": referrals.map { referral -> [String: Any] in
                [
                    "issue": Labels.label(referral["issue"].string ?? "", in: language),
                    "status": Labels.label(referral["status"].string ?? "", in: language),
                ]
            },
            "timeline": timeline.map { item -> [String: Any] in
                [
                    "at": DateWords.format(item["at"].string, in: language), "service": item["service"].string ?? "",
                    "summary": item["summary"].string ?? "",
                ]
            },
        ]
        values.merge(try await actionChoices(signed, caseId: id)) { $1 }
        if let assignee = theCase["assignee"].string {
            values["assignee"] = assignee
            values["mine"] = assignee == signed.account.username
        }
        if let personId = theCase["personId"].string {
            // Her record, read as the signed-in person (intake audits it with this reason).
            let person = try await calls.call(
                "GET", .intake, "/v1/persons/\(personId)", as: signed.account, accessReason: "case page of case \(id) in the console")
            if person.succeeded {
                var shown: [String: Any] = ["name": "\(person.json["givenName"].string ?? "") \(person.json["familyName"].string ?? "")"]
                // Absent, not empty: an empty text would still open its section.
                if let latin = person.json["nameLatin"].string { shown["latin"] = latin }
                if let born = person.json["birthDate"].string { shown["birthDate"] = born }
                values["person"] = shown
            }
        }
        values.merge(extra) { $1 }
        return console.pages.render("case", language: language, status: status, signedIn: signed.account, csrf: signed.session.csrfToken, values)
    }
}
