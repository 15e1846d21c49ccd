import Contracts
import Foundation
import Hummingbird
import Persistence
import ServiceKit

/// `/v1/persons`: the desks register persons, open their records (audited), erase and merge them.
struct PersonRoutes {
    let registry: Registry
    let idempotency: IdempotentCreation

    // MARK: Request bodies

    /// `POST /v1/persons/{id}/merge`.
    struct MergeRequest: Decodable, Sendable {
        let intoId: UUID
    }

    // MARK: Routes

    var collection: RouteCollection<JardamRequestContext> {
        let router = RouteCollection(context: JardamRequestContext.self)
        // Who may already be on record, asked before the person is saved: nothing is stored.
        router.post("/v1/persons/duplicates", allowing: [.operator, .caseworker]) { request, context, caller in
            let person = try await request.decodeJSON(as: NewPerson.self, context: context).validated(today: CalendarDate(Date()))
            let access = try StaffAccess(caller: caller, request: request, context: context)
            return Page(items: try await registry.possibleDuplicates(of: person, access: access), nextCursor: nil)
        }

        router.post("/v1/persons", allowing: [.operator, .caseworker]) { request, context, caller in
            let (body, bytes) = try await request.decodeJSONBody(as: NewPerson.self, context: context)
            let person = try body.validated(today: CalendarDate(Date()))
            let access = try StaffAccess(caller: caller, request: request, context: context)
            let outcome = try await idempotency.run(for: request, caller: caller, body: bytes, database: registry.database) { connection in
                try await registry.create(person, access: access, on: connection)
            }
            return outcome.created(try await registry.person(outcome.id, access: access, withDuplicates: true))
        }

        router.get("/v1/persons/:id", allowing: [.operator, .caseworker, .supervisor]) { request, context, caller in
            try await registry.person(
                try context.pathID("person"), access: StaffAccess(caller: caller, request: request, context: context), withDuplicates: false)
        }

        router.delete("/v1/persons/:id", allowing: [.supervisor]) { request, context, caller in
            try await registry.erase(try context.pathID("person"), access: StaffAccess(caller: caller, request: request, context: context))
            return Response(status: .noContent)
        }

        router.post("/v1/persons/:id/merge", allowing: [.caseworker, .supervisor]) { request, context, caller in
            let id = try context.pathID("person")
            let body = try await request.decodeJSON(as: MergeRequest.self, context: context)
            return try await registry.merge(id, into: body.intoId, access: StaffAccess(caller: caller, request: request, context: context))
        }
        return router
    }
}

extension PersonView: ResponseEncodable {}
