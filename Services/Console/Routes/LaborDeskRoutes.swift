import ConsoleAccounts
import Contracts
import Foundation
import Hummingbird
import ServiceKit

/// The labor desk (employment-officer): the vacancies, a job-seeker profile for a case and its
/// matches with their reasons, a placement, and the follow-ups overdue with a form for each.
struct LaborDeskRoutes: Sendable {
    let console: ConsoleRoutes
    let calls: ServiceCalls

    func add(to router: Router<JardamRequestContext>) {
        router.get("/labor") { request, _ in
            try await console.open(.labor, request) { signed in
                let query = request.uri.queryParameters
                let words = signed.account.language.wording
                var values: [String: Any] = [:]
                if let done = query["done"].map(String.init), let notice = words[done] { values["notice"] = notice }
                if let seeker = query["seeker"].flatMap({ UUID(uuidString: String($0)) })?.lowercased,
                    let caseId = query["caseId"].flatMap({ UUID(uuidString: String($0)) })?.lowercased
                {
                    values["caseId"] = caseId
                    values["matches"] = try await calls.matches(of: seeker, as: signed.account)
                    values["seeker"] = seeker
                }
                return try await page(signed, values)
            }
        }
        router.post("/labor/job-seekers") { request, _ in
            try await console.submit(.labor, request) { signed, form in
                var body: [String: JSONValue] = [
                    "caseId": .string(form["caseId"]), "occupations": .array(form.values("occupations").map(JSONValue.string)),
                    "languages": .array(form.values("languages").map(JSONValue.string)), "city": .string(form["city"]),
                ]
                if !form["desiredWage"].isEmpty { body["desiredWage"] = ["amount": .string(form["desiredWage"]), "currency": "RUB"] }
                let reply = try await calls.call(
                    "POST", .laborExchange, "/v1/job-seekers", as: signed.account, json: .object(body), idempotencyKey: form["formId"])
                // A case has one profile: made already (here or from its case page), its matches show.
                if reply.status == 409, let caseId = UUID(uuidString: form["caseId"])?.lowercased,
                    let existing = try await calls.jobSeeker(ofCase: caseId, as: signed.account)
                {
                    return ConsoleRoutes.redirect("/labor?seeker=\(existing)&caseId=\(caseId)")
                }
                guard reply.succeeded, let seeker = reply.json["id"].string else {
                    return try await page(signed, refused(reply, signed, typed: form), status: reply.refusalStatus)
                }
                return ConsoleRoutes.redirect("/labor?seeker=\(seeker)&caseId=\(form["caseId"])")
            }
        }
        router.post("/labor/placements") { request, _ in
            try await console.submit(.labor, request) { signed, form in
                let body: JSONValue = [
                    "caseId": .string(form["caseId"]), "vacancyId": .string(form["vacancyId"]), "startDate": .string(form["startDate"]),
                ]
                let reply = try await calls.call(
                    "POST", .laborExchange, "/v1/placements", as: signed.account, json: body, idempotencyKey: form["formId"])
                guard reply.succeeded else {
                    return try await page(
                        signed, ["message": ServiceCalls.problemWords(reply, in: signed.account.language)], status: reply.refusalStatus)
                }
                return ConsoleRoutes.redirect("/labor?done=placed")
            }
        }
        router.post("/labor/placements/:id/follow-ups") { request, context in
            try await console.submit(.labor, request) { signed, form in
                guard let id = context.parameters.get("id").flatMap(UUID.init(uuidString:))?.lowercased else {
                    return try await page(signed, [:], status: .notFound)
                }
                var body: [String: JSONValue] = [
                    "month": .number(Double(Int(form["month"]) ?? 0)), "wagePaidOnTime": .bool(form["wagePaidOnTime"] == "on"),
                    "conditionsOk": .bool(form["conditionsOk"] == "on"),
                ]
                if !form["note"].isEmpty { body["note"] = .string(form["note"]) }
                let reply = try await calls.call(
                    "POST", .laborExchange, "/v1/placements/\(id)/follow-ups", as: signed.account, json: .object(body), idempotencyKey: form["formId"]
                )
                guard reply.succeeded else {
                    return try await page(
                        signed, ["message": ServiceCalls.problemWords(reply, in: signed.account.language)], status: reply.refusalStatus)
                }
                return ConsoleRoutes.redirect("/labor?done=followUpRecorded")
            }
        }
    }

    /// What the page shows when the job-seeker form was refused: the field errors by field, the
    /// rest as a message, and what was typed.
    private func refused(_ reply: ServiceCalls.Reply, _ signed: ConsoleRoutes.Signed, typed form: FormBody) -> [String: Any] {
        var values: [String: Any] = ["seekerErrors": reply.fieldErrors, "typed": form.dictionary]
        if reply.fieldErrors.isEmpty { values["message"] = ServiceCalls.problemWords(reply, in: signed.account.language) }
        return values
    }

    /// The desk: vacancies, the forms, the follow-ups overdue, with `values`.
    private func page(_ signed: ConsoleRoutes.Signed, _ values: [String: Any], status: HTTPResponse.Status = .ok) async throws -> Response {
        let language = signed.account.language
        var context = values
        context["vacancies"] = try await calls.call("GET", .laborExchange, "/v1/vacancies?open=true&limit=100", as: signed.account).json["items"]
            .items
            .map { vacancy -> [String: Any] in
                var shown: [String: Any] = [
                    "id": vacancy["id"].string ?? "", "title": vacancy["title"].string ?? "", "city": vacancy["city"].string ?? "",
                    "wage": MoneyWords.format(vacancy["monthlyWage"], in: language), "positions": Int(vacancy["positions"].number ?? 0),
                ]
                if vacancy["housingProvided"].bool == true { shown["housing"] = true }
                return shown
            }
        context["overdue"] = try await calls.call("GET", .laborExchange, "/v1/follow-ups/overdue", as: signed.account).json["items"].items
            .map { item -> [String: Any] in
                [
                    "placementId": item["placementId"].string ?? "", "caseId": item["caseId"].string ?? "",
                    "month": Int(item["month"].number ?? 0), "due": item["due"].string ?? "",
                ]
            }
        let typed = (values["typed"] as? [String: String]) ?? [:]
        context["occupations"] = try await calls.occupationChoices(as: signed.account)
        context["languages"] = Labels.choices(HotlineRoutes.languages, in: language, checked: [typed["languages"] ?? "ky"])
        context["today"] = "\(CalendarDate(Date()))"
        context["formId"] = UUID().uuidString.lowercased()
        return console.pages.render("labor", language: language, status: status, signedIn: signed.account, csrf: signed.session.csrfToken, context)
    }
}
