import Contracts
import Foundation
import Hummingbird
import ServiceKit

extension LaborAPI {
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

    /// One overdue follow-up.
    struct Overdue: Codable, Sendable {
        let placementId: UUID
        let caseId: UUID
        let month: Int
        let due: CalendarDate
    }

    /// `GET /v1/statistics/placements`.
    struct PlacementStatistics: ResponseEncodable, Sendable {
        struct EmployerLine: Codable, Sendable {
            let employerId: UUID
            let placements: Int
            let wageProblems: Int
        }

        let placements: Int
        let followUpsDone: Int
        let followUpsOverdue: Int
        let wageProblems: Int
        let byEmployer: [EmployerLine]
    }

    func addPlacementRoutes(to router: Router<JardamRequestContext>) {
        router.post("/v1/placements", allowing: [.employmentOfficer]) { request, context, caller in
            let (body, bytes) = try await request.decodeJSONBody(as: NewPlacement.self, context: context)
            let outcome = try await idempotency.run(for: request, caller: caller, body: bytes, database: database) { connection in
                guard let vacancy = try await vacancies.load(body.vacancyId, on: connection) else {
                    throw Problem.validation([.init(field: "vacancyId", message: "is not a vacancy on record")])
                }
                guard vacancy.status != .suspended else { throw Problem.conflict("the employer is flagged: its vacancies are suspended") }
                guard try await vacancies.takePosition(body.vacancyId, on: connection) else {
                    throw Problem.conflict("the vacancy has no position left")
                }
                let id = UUID()
                try await placements.insert(id: id, caseId: body.caseId, vacancy: vacancy, startDate: body.startDate, on: connection)
                try await outbox.append(
                    PlacementStarted(placementId: id, caseId: body.caseId, vacancyId: body.vacancyId, startDate: body.startDate),
                    subject: "case/\(body.caseId.lowercased)", on: connection)
                return id
            }
            guard let placement = try await database.withConnection({ try await placements.placement(outcome.id, on: $0) }) else {
                throw Problem.notFound("placement")
            }
            return outcome.created(placement)
        }

        router.get("/v1/placements/:id", allowing: [.employmentOfficer, .caseworker]) { _, context, _ in
            let id = try context.pathID("placement")
            guard let placement = try await database.withConnection({ try await placements.placement(id, on: $0) }) else {
                throw Problem.notFound("placement")
            }
            return placement
        }

        router.post("/v1/placements/:id/follow-ups", allowing: [.employmentOfficer]) { request, context, _ in
            let id = try context.pathID("placement")
            let body = try await request.decodeJSON(as: NewFollowUp.self, context: context)
            var rules = FieldValidation()
            rules.check(FollowUpSchedule.months.contains(body.month), "month", "must be 1, 3, 6 or 12")
            rules.text(body.note, "note", maxLength: 1000, required: false)
            if let unpaid = body.unpaid { rules.check(unpaid.amount > 0, "unpaid.amount", "must be positive") }
            try rules.finish()
            return try await database.withTransaction { connection in
                guard let placement = try await placements.placement(id, on: connection),
                    let employer = try await employers.load(placement.employerId, on: connection)
                else { throw Problem.notFound("placement") }
                guard
                    try await placements.record(
                        placementId: id, month: body.month, wagePaidOnTime: body.wagePaidOnTime, conditionsOk: body.conditionsOk, note: body.note,
                        at: Date(), on: connection)
                else { throw Problem.conflict("the month \(body.month) follow-up was recorded already") }
                let subject = "case/\(placement.caseId.lowercased)"
                try await outbox.append(
                    FollowUpRecorded(
                        placementId: id, caseId: placement.caseId, month: body.month, wagePaidOnTime: body.wagePaidOnTime,
                        conditionsOk: body.conditionsOk),
                    subject: subject, on: connection)
                if !body.wagePaidOnTime {
                    try await outbox.append(
                        WageArrearsReported(caseId: placement.caseId, taxId: employer.taxId, amount: body.unpaid), subject: subject, on: connection)
                }
                return try await placements.placement(id, on: connection)!
            }
        }

        router.get("/v1/follow-ups/overdue", allowing: [.employmentOfficer, .supervisor]) { _, _, _ in
            Page(
                items: try await placements.overdue(today: CalendarDate(Date()), database: database).map {
                    Overdue(placementId: $0.placementId, caseId: $0.caseId, month: $0.month, due: $0.due)
                }, nextCursor: nil)
        }

        router.get("/v1/statistics/placements", allowing: [.supervisor]) { _, _, _ in
            let schema = placements.schema
            let rows = try await database.query(
                """
                SELECT p.employer_id, count(DISTINCT p.id) AS placements,
                    count(f.*) FILTER (WHERE f.recorded_at IS NOT NULL) AS done,
                    count(f.*) FILTER (WHERE f.recorded_at IS NULL AND f.due_date < current_date) AS overdue,
                    count(f.*) FILTER (WHERE f.wage_paid_on_time = false) AS wage_problems
                FROM "\(schema)".placements p LEFT JOIN "\(schema)".follow_ups f ON f.placement_id = p.id
                GROUP BY p.employer_id ORDER BY wage_problems DESC, placements DESC, p.employer_id
                """)
            var lines: [PlacementStatistics.EmployerLine] = []
            var totals = (placements: 0, done: 0, overdue: 0, wage: 0)
            for row in rows {
                let line = PlacementStatistics.EmployerLine(
                    employerId: try row.decode("employer_id"), placements: try row.decode("placements"), wageProblems: try row.decode("wage_problems")
                )
                lines.append(line)
                totals.placements += line.placements
                totals.done += try row.decode("done", as: Int.self)
                totals.overdue += try row.decode("overdue", as: Int.self)
                totals.wage += line.wageProblems
            }
            return PlacementStatistics(
                placements: totals.placements, followUpsDone: totals.done, followUpsOverdue: totals.overdue, wageProblems: totals.wage,
                byEmployer: lines)
        }
    }
}

extension Placement: ResponseEncodable {}
extension LaborAPI.Overdue: ResponseEncodable {}
