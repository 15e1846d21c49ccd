import Contracts
import Foundation
import Hummingbird
import Persistence
import ServiceKit

extension IntakeAPI {
    /// `POST /v1/cases/{id}/consents`.
    struct ConsentRequest: Decodable, Sendable {
        let purpose: String
        let granted: Bool
        let expiresAt: Date?
    }

    func addConsentRoutes(to router: Router<JardamRequestContext>) {
        router.post("/v1/cases/:id/consents", allowing: [.operator, .caseworker]) { request, context, caller in
            let caseId = try context.pathID("case")
            let (body, bytes) = try await request.decodeJSONBody(as: ConsentRequest.self, context: context)
            let now = Date()
            var rules = FieldValidation()
            let purpose = rules.oneOf(body.purpose, ConsentPurpose.self, "purpose")
            if let expiresAt = body.expiresAt {
                rules.check(body.granted, "expiresAt", "only a granted consent can expire")
                rules.check(expiresAt > now, "expiresAt", "must be in the future")
            }
            try rules.finish()
            let outcome = try await idempotency.run(for: request, caller: caller, body: bytes, database: database) { connection in
                guard let record = try await cases.load(caseId, lock: true, on: connection) else { throw Problem.notFound("case") }
                if body.granted && record.status == .closed {
                    throw Problem.conflict("the case is closed; consent can only be withdrawn")
                }
                let consent = Consent(
                    id: UUID(), caseId: caseId, purpose: purpose!, granted: body.granted, expiresAt: body.expiresAt, changedAt: now)
                try await change(consent, by: caller.subject, on: connection)
                return consent.id
            }
            guard let consent = try await database.withConnection({ try await consents.change(outcome.id, on: $0) }) else {
                throw Problem.notFound("consent")
            }
            return outcome.created(consent)
        }

        router.get("/v1/cases/:id/consents", allowing: [.operator, .caseworker, .supervisor]) { _, context, _ in
            let caseId = try context.pathID("case")
            return try await database.withConnection { connection in
                guard try await cases.load(caseId, on: connection) != nil else { throw Problem.notFound("case") }
                return Page(items: try await consents.current(caseId: caseId, on: connection), nextCursor: nil)
            }
        }
    }

    /// Records a consent change and announces it (`intake.consent.changed.v1`), in the caller's transaction.
    func change(_ consent: Consent, by actor: String, on connection: PostgresConnection) async throws {
        try await consents.record(consent, by: actor, on: connection)
        try await emit(
            ConsentChanged(caseId: consent.caseId, purpose: consent.purpose, granted: consent.granted, expiresAt: consent.expiresAt),
            subject: "case/\(consent.caseId.lowercased)", on: connection)
    }
}

extension Consent: ResponseEncodable {}
