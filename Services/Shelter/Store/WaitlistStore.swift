import Contracts
import Foundation
import Persistence

/// The `waitlist` table, ordered by vulnerability rank, then time.
struct WaitlistStore: Sendable {
    let schema: String

    /// Adds the case (once) and returns its position.
    func join(caseId: UUID, rank: Int, request: BedRequest, from: CalendarDate, to: CalendarDate, at time: Date, on connection: PostgresConnection)
        async throws -> Int
    {
        try await connection.query(
            """
            INSERT INTO "\(schema)".waitlist (case_id, rank, joined_at, first_night, departure, beds, sex, with_children, kind)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (case_id) DO NOTHING
            """,
            [caseId, rank, time, from, to, request.beds, request.sex, request.withChildren, request.kind])
        // The cost must not grow with the waitlist: a newcomer last of its rank (the usual case,
        // found from the end of the rank's index) is behind everyone of its rank and before,
        // which the per-rank counts say; otherwise (an event that arrived late) the places before
        // it are counted.
        let rows = try await connection.query(
            """
            SELECT CASE WHEN (
                    SELECT w.case_id FROM "\(schema)".waitlist w WHERE w.rank = me.rank
                    ORDER BY w.joined_at DESC, w.case_id DESC LIMIT 1) = me.case_id
                THEN (SELECT sum(waiting) FROM "\(schema)".waitlist_ranks WHERE rank <= me.rank)
                ELSE (SELECT count(*) FROM "\(schema)".waitlist w
                    WHERE (w.rank, w.joined_at, w.case_id) <= (me.rank, me.joined_at, me.case_id))
                END::int8 AS position
            FROM "\(schema)".waitlist me WHERE me.case_id = $1
            """,
            [caseId])
        return try rows.first?.decode("position", as: Int.self) ?? 0
    }

    func leave(caseId: UUID, on connection: PostgresConnection) async throws {
        try await connection.query("DELETE FROM \"\(schema)\".waitlist WHERE case_id = $1", [caseId])
    }

    /// Everyone waiting, first first.
    func all(on connection: PostgresConnection) async throws -> [WaitlistEntry] {
        try await connection.query(
            """
            SELECT case_id, rank, joined_at, first_night, departure, beds, sex, with_children, kind,
                row_number() OVER (ORDER BY rank, joined_at, case_id) AS position
            FROM "\(schema)".waitlist ORDER BY rank, joined_at, case_id
            """
        ).map { row in
            WaitlistEntry(
                caseId: try row.decode("case_id"), position: try row.decode("position"), rank: try row.decode("rank"),
                joinedAt: try row.decode("joined_at"), from: try row.decode("first_night"), to: try row.decode("departure"),
                beds: try row.decode("beds"), sex: try row.decode("sex"), withChildren: try row.decode("with_children"),
                kind: try row.decode("kind"))
        }
    }

    /// Serialises changes to the waitlist and the promotions from it.
    func lock(on connection: PostgresConnection) async throws {
        try await connection.lockForTransaction("\(schema).waitlist")
    }
}
