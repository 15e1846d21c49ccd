import Foundation
import Persistence

/// The `employers` and `employer_flags` tables.
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

    /// Records legal-referral's flag (or clearing) for `taxId`.
    func setFlag(taxId: String, flagged: Bool, reason: String, at time: Date, on connection: PostgresConnection) async throws {
        try await connection.query(
            """
            INSERT INTO "\(schema)".employer_flags (tax_id, flagged, reason, changed_at) VALUES ($1, $2, $3, $4)
            ON CONFLICT (tax_id) DO UPDATE SET flagged = $2, reason = $3, changed_at = $4
            """, [taxId, flagged, reason, time])
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
