import Contracts
import Foundation
import Hummingbird
import Persistence
import ServiceKit

/// `/v1/policies` and `/v1/coverage`: the medical desk registers policies and looks them up,
/// caseworkers ask what a case is covered for.
struct PolicyRoutes {
    let insurance: Insurance
    let idempotency: IdempotentCreation

    /// `POST /v1/policies`.
    struct NewPolicy: Decodable, Sendable {
        let caseId: UUID
        let planId: UUID
        let number: String
        let validFrom: CalendarDate
        let validTo: CalendarDate
    }

    /// `GET /v1/coverage`.
    struct CoverageView: ResponseEncodable, Sendable {
        let covered: Bool
        let policyId: UUID?
        let gaps: [MedicalService]
    }

    var collection: RouteCollection<JardamRequestContext> {
        let router = RouteCollection(context: JardamRequestContext.self)
        router.post("/v1/policies", allowing: [.medicalDesk]) { request, context, caller in
            let (body, bytes) = try await request.decodeJSONBody(as: NewPolicy.self, context: context)
            var rules = FieldValidation()
            rules.matches(body.number, /[^A-Za-z0-9]*([A-Za-z0-9][^A-Za-z0-9]*){4,40}/, "number", "must have 4 to 40 Latin letters or digits")
            rules.check(body.number.unicodeScalars.count <= 60, "number", "must be at most 60 characters")
            rules.accepted(body.validFrom, "validFrom")
            rules.accepted(body.validTo, "validTo")
            rules.check(body.validFrom <= body.validTo, "validTo", "must not be before validFrom")
            try rules.finish()
            let outcome = try await idempotency.run(for: request, caller: caller, body: bytes, database: insurance.database) { connection in
                try await insurance.registerPolicy(
                    caseId: body.caseId, planId: body.planId, number: body.number, validFrom: body.validFrom, validTo: body.validTo, by: caller,
                    requestID: context.id, on: connection)
            }
            return outcome.created(try await insurance.policy(outcome.id, for: caller, requestID: context.id))
        }

        router.get("/v1/policies", allowing: [.medicalDesk]) { request, context, caller in
            let query = request.uri.queryParameters
            var rules = FieldValidation()
            let caseId = query["caseId"].map { UUID(uuidString: String($0)) }
            if let caseId { rules.check(caseId != nil, "caseId", "must be a UUID") }
            let number = query["number"].map(String.init)
            rules.check(caseId != nil || number != nil, "caseId", "give caseId or number")
            try rules.finish()
            let items = try await insurance.policies(caseId: caseId ?? nil, number: number, for: caller, requestID: context.id)
            return Page(items: items, nextCursor: nil)
        }

        router.get("/v1/coverage", allowing: [.caseworker, .medicalDesk]) { request, _, _ in
            let query = request.uri.queryParameters
            var rules = FieldValidation()
            let caseId = query["caseId"].flatMap { UUID(uuidString: String($0)) }
            rules.check(caseId != nil, "caseId", "is required as a UUID")
            let services = rules.each(
                (query["service"].map(String.init) ?? "").split(separator: ",").map(String.init), MedicalService.self, "service")
            rules.check(query["service"] != nil, "service", "is required, such as maternity (or a comma-separated list)")
            let day = query["on"].map { rules.day($0, "on") } ?? CalendarDate(Date())
            try rules.finish()
            let verdict = try await insurance.coverage(of: caseId!, for: services, on: day!)
            return CoverageView(covered: verdict.covered, policyId: verdict.policyId, gaps: verdict.gaps)
        }
        return router
    }
}

extension PolicyView: ResponseEncodable {}
