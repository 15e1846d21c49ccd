import Contracts
import Foundation
import Hummingbird
import ServiceKit

/// `/v1/employers`: complaints about employers, the flagged list, a supervisor's clearing.
struct EmployerRoutes {
    let aid: LegalAid
    let idempotency: IdempotentCreation

    /// `POST /v1/employers/{taxId}/complaints`.
    struct NewComplaint: Decodable, Sendable {
        let kind: String
        let caseId: UUID?
        let amount: Money?
    }

    /// `POST /v1/employers/{taxId}/clear` and `/flag`: a supervisor's decision.
    struct Decision: Decodable, Sendable {
        let reason: String
    }

    /// A Russian tax id (INN): 10 digits for a company, 12 for a person.
    static func taxID(_ context: JardamRequestContext) throws -> String {
        let taxId = context.parameters.get("taxId") ?? ""
        guard [10, 12].contains(taxId.count), taxId.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw Problem.validation([.init(field: "taxId", message: "must be an INN of 10 or 12 digits")])
        }
        return taxId
    }

    var collection: RouteCollection<JardamRequestContext> {
        let router = RouteCollection(context: JardamRequestContext.self)
        router.post("/v1/employers/:taxId/complaints", allowing: [.caseworker, .lawyer]) { request, context, caller in
            let taxId = try Self.taxID(context)
            let (body, bytes) = try await request.decodeJSONBody(as: NewComplaint.self, context: context)
            var rules = FieldValidation()
            let kind = rules.oneOf(body.kind, ComplaintKind.self, "kind")
            rules.positive(body.amount, "amount")
            try rules.finish()
            let complaint = Complaint(id: UUID(), taxId: taxId, kind: kind!, caseId: body.caseId, amount: body.amount, filedAt: Date())
            let outcome = try await idempotency.run(for: request, caller: caller, body: bytes, database: aid.database) { connection in
                try await aid.file(complaint, actor: caller.subject, on: connection)
                return complaint.id
            }
            let flag = try await aid.flag(of: taxId)
            return outcome.created(ComplaintFiled(id: outcome.id, taxId: taxId, flagged: flag?.flagged ?? false, evidenceCount: flag?.evidenceCount))
        }

        router.get("/v1/employers/flagged", allowing: Set(Role.allCases)) { _, _, _ in
            Page(items: try await aid.flagged(), nextCursor: nil)
        }

        router.get("/v1/employers/review", allowing: [.supervisor]) { _, _, _ in
            Page(items: try await aid.underReview(), nextCursor: nil)
        }

        router.post("/v1/employers/:taxId/flag", allowing: [.supervisor]) { request, context, caller in
            let (taxId, reason) = try await Self.decision(request, context)
            return try await aid.flag(taxId: taxId, reason: reason, by: caller.subject, now: Date())
        }

        router.post("/v1/employers/:taxId/clear", allowing: [.supervisor]) { request, context, caller in
            let (taxId, reason) = try await Self.decision(request, context)
            return try await aid.clear(taxId: taxId, reason: reason, by: caller.subject, now: Date())
        }
        return router
    }

    /// The employer and the reason of a supervisor's decision.
    private static func decision(_ request: Request, _ context: JardamRequestContext) async throws -> (taxId: String, reason: String) {
        let taxId = try taxID(context)
        let body = try await request.decodeJSON(as: Decision.self, context: context)
        var rules = FieldValidation()
        rules.text(body.reason, "reason", maxLength: 500)
        try rules.finish()
        return (taxId, body.reason)
    }

    /// What filing a complaint answers: the employer's flag after it.
    struct ComplaintFiled: ResponseEncodable, Sendable {
        let id: UUID
        let taxId: String
        let flagged: Bool
        let evidenceCount: Int?
    }
}

extension EmployerFlag: ResponseEncodable {}
extension EmployerReview: ResponseEncodable {}
