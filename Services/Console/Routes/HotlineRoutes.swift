import ConsoleAccounts
import Contracts
import Foundation
import Hummingbird
import ServiceKit

/// The hotline desk (operator): log a call in one form; register the person and her case, the
/// possible duplicates shown before the case is saved.
struct HotlineRoutes: Sendable {
    let console: ConsoleRoutes
    let calls: ServiceCalls

    /// The languages the hotline answers in, first those of the region's migrants.
    static let languages = ["ky", "ru", "tg", "uz", "en"]
    static let documentTypes = ["passport", "id-card", "residence-permit", "work-patent", "migration-card", "birth-certificate", "other"]

    func add(to router: Router<JardamRequestContext>) {
        router.get("/hotline") { request, _ in
            try await console.open(.hotline, request) { signed in page(signed, [:]) }
        }
        router.post("/hotline/calls") { request, _ in
            try await console.submit(.hotline, request) { signed, form in
                let body: JSONValue = [
                    "language": .string(form["language"]), "topic": .string(form["topic"]),
                    "durationSeconds": .number(Double(Int(form["minutes"]).map { $0 * 60 } ?? -1)),
                    "resolvedByPhone": .bool(form["resolvedByPhone"] == "on"),
                ]
                let reply = try await calls.call("POST", .intake, "/v1/hotline/calls", as: signed.account, json: body, idempotencyKey: form["formId"])
                guard reply.succeeded else {
                    var errors = reply.fieldErrors
                    if let minutes = errors.removeValue(forKey: "durationSeconds") { errors["minutes"] = minutes }
                    return page(signed, ["callErrors": errors, "call": form.dictionary], status: .unprocessableContent)
                }
                let words = signed.account.language.wording
                let notice = form["resolvedByPhone"] == "on" ? words["callLogged"] ?? "" : words["callLoggedNeedsCase"] ?? ""
                return page(signed, ["notice": notice, "personStep": form["resolvedByPhone"] != "on", "person": ["language": form["language"]]])
            }
        }
        router.post("/hotline/persons") { request, _ in
            try await console.submit(.hotline, request) { signed, form in
                var body: [String: JSONValue] = [
                    "givenName": .string(form["givenName"]), "familyName": .string(form["familyName"]), "sex": .string(form["sex"]),
                    "citizenship": .string(form["citizenship"].uppercased()), "languages": .array(form.values("languages").map(JSONValue.string)),
                ]
                for (name, value) in [("nameLatin", form["nameLatin"]), ("birthDate", form["birthDate"]), ("phone", form["phone"])]
                where !value.isEmpty {
                    body[name] = .string(value)
                }
                if !form["documentNumber"].isEmpty {
                    body["document"] = ["type": .string(form["documentType"]), "number": .string(form["documentNumber"])]
                }
                let typed: [String: Any] = ["personStep": true, "person": form.dictionary, "spoken": form.values("languages")]
                // Who may be her already is asked before anything of her is stored; the operator
                // picks that record, or says this is someone else and the new one is saved.
                if form["confirmNew"] != "1" {
                    let found = try await calls.call("POST", .intake, "/v1/persons/duplicates", as: signed.account, json: .object(body))
                    guard found.succeeded else { return refusedPerson(signed, found, typed) }
                    let duplicates = found.json["items"].items.map { duplicate in
                        [
                            "id": duplicate["id"].string ?? "",
                            "reason": duplicate["reasons"].items.compactMap(\.string).map { Labels.label($0, in: signed.account.language) }
                                .joined(separator: ", "),
                        ]
                    }
                    if !duplicates.isEmpty {
                        return page(signed, typed.merging(["duplicates": duplicates, "hasDuplicates": true]) { $1 })
                    }
                }
                let reply = try await calls.call(
                    "POST", .intake, "/v1/persons", as: signed.account, json: .object(body), idempotencyKey: form["formId"])
                guard reply.succeeded, let personId = reply.json["id"].string else { return refusedPerson(signed, reply, typed) }
                return page(
                    signed, ["caseStep": true, "personId": personId, "case": ["language": form.values("languages").first ?? form["language"]]])
            }
        }
        // The operator recognised her among the possible duplicates: her case, on that record.
        router.post("/hotline/persons/existing") { request, _ in
            try await console.submit(.hotline, request) { signed, form in
                guard let personId = UUID(uuidString: form["personId"])?.lowercased else { return page(signed, ["personStep": true]) }
                return page(signed, ["caseStep": true, "personId": personId, "existing": true, "case": ["language": form["language"]]])
            }
        }
        router.post("/hotline/cases") { request, _ in
            try await console.submit(.hotline, request) { signed, form in
                let body: JSONValue = [
                    "personId": .string(form["personId"]), "channel": "hotline", "language": .string(form["language"]),
                    "needs": .array(form.values("needs").map(JSONValue.string)),
                    "vulnerabilities": .array(form.values("vulnerabilities").map(JSONValue.string)),
                    "consents": .array(form.values("consents").map(JSONValue.string)),
                ]
                let reply = try await calls.call("POST", .intake, "/v1/cases", as: signed.account, json: body, idempotencyKey: form["formId"])
                guard reply.succeeded, let caseId = reply.json["id"].string else {
                    return page(
                        signed, ["caseStep": true, "personId": form["personId"], "caseErrors": reply.fieldErrors, "case": form.dictionary],
                        status: .unprocessableContent)
                }
                let words = signed.account.language.wording
                let priority = Labels.label(reply.json["priority"].string ?? "", in: signed.account.language)
                return page(signed, ["notice": "\(words["caseRegistered"] ?? "") \(caseId) · \(priority)", "caseId": caseId])
            }
        }
    }

    /// The person step again, with what intake found wrong next to the fields.
    private func refusedPerson(_ signed: ConsoleRoutes.Signed, _ reply: ServiceCalls.Reply, _ typed: [String: Any]) -> Response {
        var errors = reply.fieldErrors
        if let document = errors.removeValue(forKey: "document.number") { errors["documentNumber"] = document }
        var values = typed
        values["personErrors"] = errors
        if errors.isEmpty { values["message"] = ServiceCalls.problemWords(reply, in: signed.account.language) }
        return page(signed, values, status: .unprocessableContent)
    }

    /// The desk with `values` (a step, a notice, what was typed and what is wrong).
    private func page(_ signed: ConsoleRoutes.Signed, _ values: [String: Any], status: HTTPResponse.Status = .ok) -> Response {
        let language = signed.account.language
        var context = values
        let typed = { (key: String) in (values[key] as? [String: String]) ?? [:] }
        context["languages"] = Labels.choices(Self.languages, in: language, checked: [typed("call")["language"] ?? "ky"])
        context["topics"] = Labels.choices(HotlineTopic.known.map(\.rawValue), in: language, checked: [typed("call")["topic"] ?? ""])
        let spoken = (values["spoken"] as? [String]).map(Set.init) ?? [typed("person")["language"] ?? ""]
        context["personLanguages"] = Labels.choices(Self.languages, in: language, checked: spoken)
        context["sexes"] = Labels.choices(Sex.known.map(\.rawValue), in: language, checked: [typed("person")["sex"] ?? ""])
        context["documentTypes"] = Labels.choices(Self.documentTypes, in: language, checked: [typed("person")["documentType"] ?? "passport"])
        context["caseLanguages"] = Labels.choices(Self.languages, in: language, checked: [typed("case")["language"] ?? "ky"])
        context["needs"] = Labels.choices(Need.known.map(\.rawValue), in: language)
        context["vulnerabilities"] = Labels.choices(Vulnerability.known.map(\.rawValue), in: language)
        context["consents"] = Labels.choices(ConsentPurpose.known.map(\.rawValue), in: language)
        context["formId"] = UUID().uuidString.lowercased()
        return console.pages.render("hotline", language: language, status: status, signedIn: signed.account, csrf: signed.session.csrfToken, context)
    }
}
