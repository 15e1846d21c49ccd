import Contracts
import Foundation
import Persistence

/// The `job_seekers`, `placements` and `follow_ups` tables.
struct PlacementStore: Sendable {
    let schema: String

    func insert(_ seeker: JobSeeker, on connection: PostgresConnection) async throws {
        try await connection.query(
            """
            INSERT INTO "\(schema)".job_seekers (id, case_id, occupations, languages, desired_amount, desired_currency, city)
            VALUES ($1, $2, $3, $4, $5, $6, $7)
            """,
            [seeker.id, seeker.caseId, seeker.occupations, seeker.languages, seeker.desiredWage?.amount, seeker.desiredWage?.currency, seeker.city])
    }

    func seeker(_ id: UUID? = nil, caseId: UUID? = nil, on connection: PostgresConnection) async throws -> JobSeeker? {
        try await connection.query(
            """
            SELECT id, case_id, occupations, languages, desired_amount, desired_currency, city FROM "\(schema)".job_seekers
            WHERE ($1::uuid IS NULL OR id = $1) AND ($2::uuid IS NULL OR case_id = $2)
            """, [id, caseId]
        ).first.map { row in
            let amount: Decimal? = try row.decode("desired_amount")
            let currency: String? = try row.decode("desired_currency")
            return JobSeeker(
                id: try row.decode("id"), caseId: try row.decode("case_id"), occupations: try row.decode("occupations"),
                languages: try row.decode("languages"),
                desiredWage: amount.flatMap { amount in currency.map { Money(amount: amount, currency: $0) } },
                city: try row.decode("city"))
        }
    }

    /// Forgets a case's job-seeker profile (consent withdrawn, person erased).
    /// Removes the case's job-seeker profile; returns its id, if it had one.
    func removeSeeker(caseId: UUID, on connection: PostgresConnection) async throws -> UUID? {
        try await connection.query("DELETE FROM \"\(schema)\".job_seekers WHERE case_id = $1 RETURNING id", [caseId]).first?.decode("id")
    }

    /// Drops the follow-ups not yet recorded of the case's placements; returns how many.
    func dropPendingFollowUps(caseId: UUID, on connection: PostgresConnection) async throws -> Int {
        try await connection.query(
            """
            DELETE FROM "\(schema)".follow_ups
            WHERE recorded_at IS NULL AND placement_id IN (SELECT id FROM "\(schema)".placements WHERE case_id = $1)
            """, [caseId]
        ).affectedRows
    }

    /// Forgets the free text of the case's follow-ups.
    func forgetNotes(caseId: UUID, on connection: PostgresConnection) async throws {
        try await connection.query(
            """
            UPDATE "\(schema)".follow_ups SET note = NULL
            WHERE note IS NOT NULL AND placement_id IN (SELECT id FROM "\(schema)".placements WHERE case_id = $1)
            """, [caseId])
    }

    /// Stores the placement and its follow-up schedule.
    func insert(id: UUID, caseId: UUID, vacancy: Vacancy, startDate: CalendarDate, on connection: PostgresConnection) async throws {
        try await connection.query(
            "INSERT INTO \"\(schema)\".placements (id, case_id, vacancy_id, employer_id, start_date) VALUES ($1, $2, $3, $4, $5)",
            [id, caseId, vacancy.id, vacancy.employerId, startDate])
        for (month, due) in FollowUpSchedule.due(startingOn: startDate) {
            try await connection.query(
                "INSERT INTO \"\(schema)\".follow_ups (placement_id, month, due_date) VALUES ($1, $2, $3)", [id, month, due])
        }
    }

    func placement(_ id: UUID, on connection: PostgresConnection) async throws -> Placement? {
        guard
            let row = try await connection.query(
                "SELECT id, case_id, vacancy_id, employer_id, start_date FROM \"\(schema)\".placements WHERE id = $1", [id]
            ).first
        else { return nil }
        let followUps = try await connection.query(
            "SELECT month, due_date, recorded_at, wage_paid_on_time, conditions_ok FROM \"\(schema)\".follow_ups WHERE placement_id = $1 ORDER BY month",
            [id]
        ).map { row in
            Placement.FollowUp(
                month: try row.decode("month"), due: try row.decode("due_date"), recordedAt: try row.decode("recorded_at"),
                wagePaidOnTime: try row.decode("wage_paid_on_time"), conditionsOk: try row.decode("conditions_ok"))
        }
        return Placement(
            id: try row.decode("id"), caseId: try row.decode("case_id"), vacancyId: try row.decode("vacancy_id"),
            employerId: try row.decode("employer_id"), startDate: try row.decode("start_date"), followUps: followUps)
    }

    /// Records a follow-up once; `false` when it was recorded before.
    func record(
        placementId: UUID, month: Int, wagePaidOnTime: Bool, conditionsOk: Bool, note: String?, at time: Date, on connection: PostgresConnection
    ) async throws -> Bool {
        try await connection.query(
            """
            UPDATE "\(schema)".follow_ups SET recorded_at = $3, wage_paid_on_time = $4, conditions_ok = $5, note = $6
            WHERE placement_id = $1 AND month = $2 AND recorded_at IS NULL
            """, [placementId, month, time, wagePaidOnTime, conditionsOk, note]
        ).affectedRows == 1
    }

    /// Follow-ups due before `today` and not recorded, oldest first.
    func overdue(today: CalendarDate, database: PostgresPool) async throws -> [(placementId: UUID, caseId: UUID, month: Int, due: CalendarDate)] {
        try await database.query(
            """
            SELECT f.placement_id, p.case_id, f.month, f.due_date FROM "\(schema)".follow_ups f JOIN "\(schema)".placements p ON p.id = f.placement_id
            WHERE f.recorded_at IS NULL AND f.due_date < $1 ORDER BY f.due_date, f.placement_id LIMIT 1000
            """, [today]
        ).map { (try $0.decode("placement_id"), try $0.decode("case_id"), try $0.decode("month"), try $0.decode("due_date")) }
    }

    /// Per employer: placements, follow-ups done and overdue, wage problems; most problems first.
    func statistics(database: PostgresPool) async throws -> [(line: PlacementStatistics.EmployerLine, done: Int, overdue: Int)] {
        try await database.query(
            """
            SELECT p.employer_id, count(DISTINCT p.id) AS placements,
                count(f.*) FILTER (WHERE f.recorded_at IS NOT NULL) AS done,
                count(f.*) FILTER (WHERE f.recorded_at IS NULL AND f.due_date < current_date) AS overdue,
                count(f.*) FILTER (WHERE f.wage_paid_on_time = false) AS wage_problems
            FROM "\(schema)".placements p LEFT JOIN "\(schema)".follow_ups f ON f.placement_id = p.id
            GROUP BY p.employer_id ORDER BY wage_problems DESC, placements DESC, p.employer_id
            """
        ).map { row in
            (
                PlacementStatistics.EmployerLine(
                    employerId: try row.decode("employer_id"), placements: try row.decode("placements"), wageProblems: try row.decode("wage_problems")
                ),
                try row.decode("done"), try row.decode("overdue")
            )
        }
    }
}
