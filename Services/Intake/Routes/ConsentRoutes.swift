import Contracts
import Foundation
import Hummingbird
import Persistence
import ServiceKit

/// `/v1/cases/{id}/consents`: consent per purpose, given, withdrawn or with an expiry.
struct ConsentRoutes {
    let registry: Registry
    let idempotency: IdempotentCreation

    /// `POST /v1/cases/{id}/consents`.
    struct ConsentRequest: Decodable, Sendable {
        let purpose: String
        let granted: Bool
        let expiresAt: Date?
    }

    var collection: RouteCollection<JardamRequestContext> {
        let router = RouteCollection(context: JardamRequestContext.self)
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
            let consent = Consent(id: UUID(), caseId: caseId, purpose: purpose!, granted: body.granted, expiresAt: body.expiresAt, changedAt: now)
            let outcome = try await idempotency.run(for: request, caller: caller, body: bytes, database: registry.database) { connection in
                try await registry.record(consent, by: caller.subject, on: connection)
                return consent.id
            }
            return outcome.created(try await registry.consent(outcome.id))
        }

        router.get("/v1/cases/:id/consents", allowing: [.operator, .caseworker, .supervisor]) { _, context, _ in
            Page(items: try await registry.consents(of: try context.pathID("case")), nextCursor: nil)
        }
        return router
    }
}

extension Consent: ResponseEncodable {}
