import Contracts
import Foundation
import Hummingbird
import ServiceKit

extension LegalAPI {
    /// `POST /v1/employers/{taxId}/complaints`.
    struct NewComplaint: Decodable, Sendable {
        let kind: String
        let caseId: UUID?
        let amount: Money?
    }

    /// `POST /v1/employers/{taxId}/clear`.
    struct Clearing: Decodable, Sendable {
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

    func addEmployerRoutes(to router: Router<JardamRequestContext>) {
        router.post("/v1/employers/:taxId/complaints", allowing: [.caseworker, .lawyer]) { request, context, caller in
            let taxId = try Self.taxID(context)
            let (body, bytes) = try await request.decodeJSONBody(as: NewComplaint.self, context: context)
            var rules = FieldValidation()
            let kind = rules.oneOf(body.kind, ComplaintKind.self, "kind")
            if let amount = body.amount { rules.check(amount.amount > 0, "amount.amount", "must be positive") }
            try rules.finish()
            let complaint = Complaint(id: UUID(), taxId: taxId, kind: kind!, caseId: body.caseId, amount: body.amount, filedAt: Date())
            let outcome = try await idempotency.run(for: request, caller: caller, body: bytes, database: database) { connection in
                try await file(complaint, actor: caller.subject, on: connection)
                return complaint.id
            }
            let flag = try await database.withConnection { try await employers.flag(taxId, on: $0) }
            return outcome.created(ComplaintFiled(id: outcome.id, taxId: taxId, flagged: flag?.flagged ?? false, evidenceCount: flag?.evidenceCount))
        }

        router.get("/v1/employers/flagged", allowing: Set(Role.allCases)) { _, _, _ in
            Page(items: try await employers.flagged(database: database), nextCursor: nil)
        }

        router.post("/v1/employers/:taxId/clear", allowing: [.supervisor]) { request, context, caller in
            let taxId = try Self.taxID(context)
            let body = try await request.decodeJSON(as: Clearing.self, context: context)
            var rules = FieldValidation()
            rules.text(body.reason, "reason", maxLength: 500)
            try rules.finish()
            return try await database.withTransaction { connection in
                try await employers.lock(taxId, on: connection)
                guard let flag = try await employers.flag(taxId, on: connection), flag.flagged else {
                    throw Problem.conflict("the employer is not flagged")
                }
                let cleared = EmployerFlag(taxId: taxId, flagged: false, reason: body.reason, evidenceCount: flag.evidenceCount, changedAt: Date())
                try await employers.save(cleared, by: caller.subject, on: connection)
                try await outbox.append(
                    EmployerCleared(taxId: taxId, reason: body.reason, evidenceCount: flag.evidenceCount), subject: "employer/\(taxId)",
                    on: connection)
                return cleared
            }
        }
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
