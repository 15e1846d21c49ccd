import ConsoleAccounts
import Contracts
import Foundation
import Hummingbird
import ServiceKit

/// What a caseworker or supervisor does from a case page: a consent given or withdrawn, a bed
/// booked, a referral to a lawyer, the case handed over to another city; and the case's coverage
/// shown beside them. Each goes to the service that does the work, which checks the roles and
/// the consent itself; a refusal is shown on the case page in the reader's words.
extension CaseRoutes {
    /// The sexes a booking may ask for (CONTRACT.md §4: mixed and unknown fit mixed rooms only).
    static let bookingSexes = ["female", "male", "mixed", "unknown"]

    func addActions(to router: Router<JardamRequestContext>) {
        addMatching(to: router)
        action(router, "assignee", done: "assignee") { signed, id, form in
            let body: JSONValue = ["assignee": form["assignee"] == "me" ? "me" : .null]
            return try await calls.call("PUT", .intake, "/v1/cases/\(id)/assignee", as: signed.account, json: body)
        }
        action(router, "consents", done: "consent") { signed, id, form in
            var body: [String: JSONValue] = ["purpose": .string(form["purpose"]), "granted": .bool(form["granted"] == "true")]
            if form["granted"] == "true", !form["expiresOn"].isEmpty { body["expiresAt"] = .string("\(form["expiresOn"])T23:59:59Z") }
            return try await calls.call(
                "POST", .intake, "/v1/cases/\(id)/consents", as: signed.account, json: .object(body), idempotencyKey: form["formId"])
        }
        action(router, "bookings", done: "booking") { signed, id, form in
            let body: JSONValue = [
                "caseId": .string(id), "from": .string(form["from"]), "to": .string(form["to"]),
                "beds": .number(Double(Int(form["beds"]) ?? 0)), "sex": .string(form["sex"]),
                "withChildren": .bool(form["withChildren"] == "on"), "waitlist": .bool(form["waitlist"] == "on"),
            ]
            return try await calls.call("POST", .shelter, "/v1/bookings", as: signed.account, json: body, idempotencyKey: form["formId"])
        }
        action(router, "referrals", done: "referral") { signed, id, form in
            let body: JSONValue = ["caseId": .string(id), "issue": .string(form["issue"])]
            return try await calls.call("POST", .legalReferral, "/v1/referrals", as: signed.account, json: body, idempotencyKey: form["formId"])
        }
        action(router, "transfers", done: "transfer") { signed, id, form in
            let body: JSONValue = ["toCity": .string(form["toCity"].lowercased()), "reason": .string(form["reason"])]
            return try await calls.call("POST", .intake, "/v1/cases/\(id)/transfers", as: signed.account, json: body, idempotencyKey: form["formId"])
        }
    }

    /// `POST /cases/{id}/job-seekers`: a job-seeker profile for the case, in its language; the
    /// case page then shows the vacancies it matches.
    private func addMatching(to router: Router<JardamRequestContext>) {
        router.post("/cases/:id/job-seekers") { request, context in
            try await console.submit(.cases, request) { signed, form in
                guard let id = context.parameters.get("id").flatMap(UUID.init(uuidString:))?.lowercased else {
                    return try await casePage(signed, id: nil, [:])
                }
                let language = try await calls.call("GET", .intake, "/v1/cases/\(id)", as: signed.account).json["language"].string ?? "ru"
                let body: JSONValue = [
                    "caseId": .string(id), "occupations": .array(form.values("occupations").map(JSONValue.string)),
                    "languages": [.string(language)], "city": .string(form["city"]),
                ]
                let reply = try await calls.call(
                    "POST", .laborExchange, "/v1/job-seekers", as: signed.account, json: body, idempotencyKey: form["formId"])
                guard reply.succeeded else {
                    return try await casePage(
                        signed, id: id, ["message": ServiceCalls.problemWords(reply, in: signed.account.language)], status: reply.refusalStatus)
                }
                return ConsoleRoutes.redirect("/cases/\(id)?done=jobSeeker")
            }
        }
    }

    /// `POST /cases/{id}/<path>`: `send` asks the service; done, the case page says `done`.
    private func action(
        _ router: Router<JardamRequestContext>, _ path: String, done: String,
        _ send: @escaping @Sendable (ConsoleRoutes.Signed, String, FormBody) async throws -> ServiceCalls.Reply
    ) {
        router.post("/cases/:id/\(path)") { request, context in
            try await console.submit(.cases, request) { signed, form in
                guard let id = context.parameters.get("id").flatMap(UUID.init(uuidString:))?.lowercased else {
                    return try await casePage(signed, id: nil, [:])
                }
                let reply = try await send(signed, id, form)
                guard reply.succeeded else {
                    // A booking that joined the waitlist is a 409 that did what was asked.
                    if reply.json["waitlisted"].bool == true {
                        return ConsoleRoutes.redirect("/cases/\(id)?done=waitlisted")
                    }
                    return try await casePage(
                        signed, id: id, ["message": ServiceCalls.problemWords(reply, in: signed.account.language), "failed": path],
                        status: reply.refusalStatus)
                }
                return ConsoleRoutes.redirect("/cases/\(id)?done=\(done)")
            }
        }
    }

    /// The choices the action forms offer, the case's coverage today and the vacancies its
    /// job-seeker profile matches.
    func actionChoices(_ signed: ConsoleRoutes.Signed, caseId: String) async throws -> [String: Any] {
        let language = signed.account.language
        let today = CalendarDate(Date())
        var values: [String: Any] = [
            "purposes": Labels.choices(ConsentPurpose.known.map(\.rawValue), in: language),
            "issues": Labels.choices(LegalIssue.known.map(\.rawValue), in: language),
            "bookingSexes": Labels.choices(Self.bookingSexes, in: language, checked: ["female"]),
            "today": "\(today)", "tomorrow": "\(today.adding(days: 1))", "formId": UUID().uuidString.lowercased(),
            "occupations": try await calls.occupationChoices(as: signed.account),
        ]
        if let seeker = try await calls.jobSeeker(ofCase: caseId, as: signed.account) {
            values["matched"] = true
            values["matches"] = try await calls.matches(of: seeker, as: signed.account)
        }
        return values.merging(try await calls.coverage(ofCase: caseId, as: signed.account)) { $1 }
    }
}
