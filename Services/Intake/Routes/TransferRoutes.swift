import Contracts
import Foundation
import Hummingbird
import ServiceKit

/// `/v1/cases/{id}/transfers` and `/v1/transfers`: cases handed over between cities, and the
/// receiving city's answer.
struct TransferRoutes {
    let registry: Registry
    let idempotency: IdempotentCreation

    /// `POST /v1/cases/{id}/transfers`.
    struct NewTransfer: Decodable, Sendable {
        let toCity: String
        let reason: String
    }

    var collection: RouteCollection<JardamRequestContext> {
        let router = RouteCollection(context: JardamRequestContext.self)
        router.post("/v1/cases/:id/transfers", allowing: [.caseworker]) { request, context, caller in
            let caseId = try context.pathID("case")
            let (body, bytes) = try await request.decodeJSONBody(as: NewTransfer.self, context: context)
            var rules = FieldValidation()
            rules.check(
                CityName.isValid(body.toCity), "toCity", "must be a city's name: lower-case letters, digits and hyphens, starting with a letter")
            rules.text(body.reason, "reason", maxLength: 500)
            try rules.finish()
            let access = try StaffAccess(caller: caller, request: request, context: context)
            let outcome = try await idempotency.run(for: request, caller: caller, body: bytes, database: registry.database) { connection in
                try await registry.requestTransfer(caseId: caseId, toCity: body.toCity, reason: body.reason, access: access, on: connection).id
            }
            return outcome.created(Created(id: outcome.id, status: Transfer.Status.pending.rawValue))
        }

        router.get("/v1/transfers", allowing: [.caseworker, .supervisor]) { request, _, _ in
            let query = request.uri.queryParameters
            var rules = FieldValidation()
            let direction = query["direction"].flatMap { rules.oneOf(String($0), Transfer.Direction.self, "direction") }
            let status = query["status"].flatMap { rules.oneOf(String($0), Transfer.Status.self, "status") }
            let page = rules.page(request.uri)
            try rules.finish()
            return try await registry.transferList(direction: direction, status: status, page: page!)
        }
        router.post("/v1/transfers/:id/accept", allowing: [.caseworker]) { request, context, caller in
            let id = try context.pathID("transfer")
            let access = try StaffAccess(caller: caller, request: request, context: context)
            let accepted = try await registry.acceptTransfer(id, access: access)
            return AcceptedView(
                caseId: accepted.caseId, personId: accepted.personId,
                possibleDuplicates: accepted.possibleDuplicates.map { .init(id: $0.id, reason: $0.reasons.map(\.rawValue).joined(separator: ", ")) })
        }

        router.post("/v1/transfers/:id/reject", allowing: [.caseworker]) { request, context, _ in
            let id = try context.pathID("transfer")
            let body = try await request.decodeJSON(as: Rejection.self, context: context)
            var rules = FieldValidation()
            let reason = rules.oneOf(body.reason, TransferRejection.self, "reason")
            try rules.finish()
            try await registry.rejectTransfer(id, reason: reason!)
            return Rejected(id: id, status: Transfer.Status.rejected.rawValue, reason: reason!.rawValue)
        }
        return router
    }

    /// `POST /v1/transfers/{id}/reject`.
    struct Rejection: Decodable, Sendable {
        let reason: String
    }

    /// What accepting answers: the person and the case made here.
    struct AcceptedView: ResponseEncodable, Sendable {
        struct Duplicate: Encodable, Sendable {
            let id: UUID
            let reason: String
        }

        let caseId: UUID
        let personId: UUID
        let possibleDuplicates: [Duplicate]
    }

    /// What rejecting answers.
    struct Rejected: ResponseEncodable, Sendable {
        let id: UUID
        let status: String
        let reason: String
    }

    /// What a transfer's creation answers.
    struct Created: ResponseEncodable, Sendable {
        let id: UUID
        let status: String
    }
}

extension Transfer: ResponseEncodable {}
