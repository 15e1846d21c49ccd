import ConsoleAccounts
import Contracts
import Foundation
import Hummingbird
import ServiceKit

/// The medical desk (medical-desk): a case's coverage for each service today and its policies,
/// a policy added to it, and the plans that cover what she needs, cheapest first.
struct MedicalDeskRoutes: Sendable {
    let console: ConsoleRoutes
    let calls: ServiceCalls

    func add(to router: Router<JardamRequestContext>) {
        router.get("/medical") { request, _ in
            try await console.open(.medical, request) { signed in
                let query = request.uri.queryParameters
                var values: [String: Any] = [:]
                if query["added"] != nil { values["notice"] = signed.account.language.wording["policyAdded"] ?? "" }
                let known = Set(MedicalService.known.map(\.rawValue))
                let asked = query[values: "service"].map(String.init).filter(known.contains)
                if !asked.isEmpty {
                    values["asked"] = true
                    (values["plans"], values["message"]) = try await recommendations(
                        signed, services: asked.joined(separator: ","),
                        asking: ["region", "age", "members"].compactMap { name in query[Substring(name)].map { (name, String($0)) } })
                }
                return try await page(signed, caseId: query["caseId"].map(String.init), values)
            }
        }
        router.post("/medical/policies") { request, _ in
            try await console.submit(.medical, request) { signed, form in
                let body: JSONValue = [
                    "caseId": .string(form["caseId"]), "planId": .string(form["planId"]), "number": .string(form["number"]),
                    "validFrom": .string(form["validFrom"]), "validTo": .string(form["validTo"]),
                ]
                let reply = try await calls.call(
                    "POST", .medicalInsurance, "/v1/policies", as: signed.account, json: body, idempotencyKey: form["formId"])
                guard reply.succeeded else {
                    var values: [String: Any] = ["policyErrors": reply.fieldErrors, "policy": form.dictionary.filter { $0.key != "number" }]
                    if reply.fieldErrors.isEmpty { values["message"] = ServiceCalls.problemWords(reply, in: signed.account.language) }
                    return try await page(signed, caseId: form["caseId"], values, status: reply.status == 409 ? .conflict : .unprocessableContent)
                }
                return ConsoleRoutes.redirect("/medical?caseId=\(form["caseId"])&added=1")
            }
        }
    }

    /// The plans covering `services` (comma-separated), for the region, age and family size
    /// `asking` names.
    private func recommendations(_ signed: ConsoleRoutes.Signed, services: String, asking: [(String, String)]) async throws
        -> (plans: [[String: Any]], problem: String?)
    {
        var parameters = ["services=\(services)"]
        for (name, value) in asking where !value.isEmpty {
            parameters.append("\(name)=\(value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")")
        }
        let language = signed.account.language
        let reply = try await calls.call(
            "GET", .medicalInsurance, "/v1/plans/recommendations?\(parameters.joined(separator: "&"))", as: signed.account)
        guard reply.succeeded else { return ([], ServiceCalls.problemWords(reply, in: language)) }
        let plans = reply.json["items"].items.map { plan -> [String: Any] in
            [
                "name": plan["name"].string ?? "", "planId": plan["planId"].string ?? "",
                "coverage": plan["coverage"].items.compactMap(\.string).map { Labels.label($0, in: language) }.joined(separator: ", "),
                "price": MoneyWords.format(plan["annualPrice"], in: language),
            ]
        }
        return (plans, nil)
    }

    /// The desk, with the case `caseId`'s coverage and policies when one is asked.
    private func page(_ signed: ConsoleRoutes.Signed, caseId: String?, _ values: [String: Any], status: HTTPResponse.Status = .ok) async throws
        -> Response
    {
        let language = signed.account.language
        var context = values
        context["services"] = Labels.choices(MedicalService.known.map(\.rawValue), in: language)
        context["formId"] = UUID().uuidString.lowercased()
        if let caseId = caseId.flatMap(UUID.init(uuidString:))?.lowercased {
            context["caseId"] = caseId
            context.merge(try await calls.coverage(ofCase: caseId, as: signed.account)) { $1 }
            context["policies"] = try await calls.call("GET", .medicalInsurance, "/v1/policies?caseId=\(caseId)", as: signed.account).json["items"]
                .items
                .map { policy -> [String: Any] in
                    [
                        "number": policy["number"].string ?? "", "validFrom": policy["validFrom"].string ?? "",
                        "validTo": policy["validTo"].string ?? "",
                    ]
                }
            context["plans"] = context["plans"] ?? []
            context["planChoices"] = try await calls.call("GET", .medicalInsurance, "/v1/plans", as: signed.account).json["items"].items
                .map { plan in
                    [
                        "value": plan["id"].string ?? "",
                        "label": "\(plan["name"].string ?? "") · \(MoneyWords.format(plan["annualPrice"], in: language))",
                    ]
                }
        }
        return console.pages.render("medical", language: language, status: status, signedIn: signed.account, csrf: signed.session.csrfToken, context)
    }
}
