import Contracts
import Foundation
import Hummingbird
import ServiceKit

/// `/v1/placements`, their follow-ups and statistics: employment officers place workers and
/// check on them through the year.
struct PlacementRoutes {
    let exchange: Exchange
    let idempotency: IdempotentCreation

    /// `POST /v1/placements`.
    struct NewPlacement: Decodable, Sendable {
        let caseId: UUID
        let vacancyId: UUID
        let startDate: CalendarDate
    }

    /// `POST /v1/placements/{id}/follow-ups`.
    struct NewFollowUp: Decodable, Sendable {
        let month: Int
        let wagePaidOnTime: Bool
        let conditionsOk: Bool
        let note: String?
        /// What the worker is owed, when wages were not paid.
        let unpaid: Money?
    }

    var collection: RouteCollection<JardamRequestContext> {
        let router = RouteCollection(context: JardamRequestContext.self)
        router.post("/v1/placements", allowing: [.employmentOfficer]) { request, context, caller in
            let (body, bytes) = try await request.decodeJSONBody(as: NewPlacement.self, context: context)
            var rules = FieldValidation()
            rules.accepted(body.startDate, "startDate")
            try rules.finish()
            let outcome = try await idempotency.run(for: request, caller: caller, body: bytes, database: exchange.database) { connection in
                try await exchange.place(caseId: body.caseId, vacancyId: body.vacancyId, startDate: body.startDate, on: connection)
            }
            return outcome.created(try await exchange.placement(outcome.id))
        }

        router.get("/v1/placements/:id", allowing: [.employmentOfficer, .caseworker]) { _, context, _ in
            try await exchange.placement(try context.pathID("placement"))
        }

        router.post("/v1/placements/:id/follow-ups", allowing: [.employmentOfficer]) { request, context, _ in
            let id = try context.pathID("placement")
            let body = try await request.decodeJSON(as: NewFollowUp.self, context: context)
            var rules = FieldValidation()
            rules.check(FollowUpSchedule.months.contains(body.month), "month", "must be 1, 3, 6 or 12")
            rules.text(body.note, "note", maxLength: 1000, required: false)
            rules.positive(body.unpaid, "unpaid")
            try rules.finish()
            return try await exchange.recordFollowUp(
                of: id, month: body.month, wagePaidOnTime: body.wagePaidOnTime, conditionsOk: body.conditionsOk, note: body.note,
                unpaid: body.unpaid, now: Date())
        }

        router.get("/v1/follow-ups/overdue", allowing: [.employmentOfficer, .supervisor]) { _, _, _ in
            Page(items: try await exchange.overdue(today: CalendarDate(Date())), nextCursor: nil)
        }

        router.get("/v1/statistics/placements", allowing: [.supervisor]) { _, _, _ in
            try await exchange.placementStatistics()
        }
        return router
    }
}

extension Placement: ResponseEncodable {}
extension Overdue: ResponseEncodable {}
extension PlacementStatistics: ResponseEncodable {}
