import Foundation
import Persistence

/// The `employers`, `employer_flags` and `employer_flag_decisions` tables.
struct EmployerStore: Sendable {
    let schema: String

    func insert(id: UUID, taxId: String, name: String, city: String, on connection: PostgresConnection) async throws {
        try await connection.query(
            "INSERT INTO \"\(schema)\".employers (id, tax_id, name, city) VALUES ($1, $2, $3, $4)", [id, taxId, name, city])
    }

    func load(_ id: UUID, on connection: PostgresConnection) async throws -> Employer? {
        try await connection.query("\(select) WHERE e.id = $1", [id]).first.map(Self.employer)
    }

    func load(taxId: String, on connection: PostgresConnection) async throws -> Employer? {
        try await connection.query("\(select) WHERE e.tax_id = $1", [taxId]).first.map(Self.employer)
    }

    func list(cursor: Int?, limit: Int, database: PostgresPool) async throws -> (employers: [Employer], next: Int?) {
        let rows = try await database.query("\(select) WHERE ($1::bigint IS NULL OR e.seq > $1) ORDER BY e.seq LIMIT $2", [cursor, limit + 1])
        return (try rows.prefix(limit).map(Self.employer), rows.count > limit ? try rows[limit - 1].decode("seq", as: Int.self) : nil)
    }

    /// Records one city's decision about `taxId` (`city` `""`: this city's legal-referral),
    /// unless a later decision of that city is already recorded, and brings the employer's flag up
    /// to date: flagged while any city's latest decision flags it, with the latest flagging
    /// reason. Returns whether the employer's flag changed.
    func decide(taxId: String, city: String, flagged: Bool, reason: String, at time: Date, on connection: PostgresConnection) async throws -> Bool {
        let before =
            try await connection.query("SELECT flagged FROM \"\(schema)\".employer_flags WHERE tax_id = $1", [taxId]).first
            .map { try $0.decode("flagged", as: Bool.self) } ?? false
        try await connection.query(
            """
            INSERT INTO "\(schema)".employer_flag_decisions AS d (tax_id, city, flagged, reason, decided_at) VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (tax_id, city) DO UPDATE SET flagged = $3, reason = $4, decided_at = $5 WHERE d.decided_at <= $5
            """, [taxId, city, flagged, reason, time])
        let after = try await connection.query(
            """
            INSERT INTO "\(schema)".employer_flags (tax_id, flagged, reason, changed_at)
            SELECT tax_id, bool_or(flagged),
                coalesce((array_agg(reason ORDER BY decided_at DESC) FILTER (WHERE flagged))[1], (array_agg(reason ORDER BY decided_at DESC))[1]),
                max(decided_at)
            FROM "\(schema)".employer_flag_decisions WHERE tax_id = $1 GROUP BY tax_id
            ON CONFLICT (tax_id) DO UPDATE SET flagged = EXCLUDED.flagged, reason = EXCLUDED.reason, changed_at = EXCLUDED.changed_at
            RETURNING flagged
            """, [taxId])[0].decode("flagged", as: Bool.self)
        return before != after
    }

    private var select: String {
        """
        SELECT e.id, e.seq, e.tax_id, e.name, e.city, coalesce(f.flagged, false) AS flagged, CASE WHEN f.flagged THEN f.reason END AS reason
        FROM "\(schema)".employers e LEFT JOIN "\(schema)".employer_flags f ON f.tax_id = e.tax_id
        """
    }

    private static func employer(_ row: PostgresRow) throws -> Employer {
        Employer(
            id: try row.decode("id"), taxId: try row.decode("tax_id"), name: try row.decode("name"), city: try row.decode("city"),
            flagged: try row.decode("flagged"), flagReason: try row.decode("reason"))
    }
}
