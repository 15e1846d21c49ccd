import Contracts
import Foundation
import Persistence

/// The `statistics_facts` and `statistics_publications` tables.
struct StatisticsStore: Sendable {
    let schema: String

    /// One counted thing of `week`; with `onceKey`, counted only the first time.
    func count(
        week: ISOWeek, table: String, row: String, column: String, caseId: UUID?, onceKey: String? = nil, on connection: PostgresConnection
    ) async throws {
        try await connection.write(facts, [week.description, table, row, column, caseId, onceKey])
    }

    /// The facts a transaction counts, sent as one statement.
    private var facts: BatchWrite {
        BatchWrite(
            schema: schema, table: "statistics_facts",
            columns: [
                .init("week", "text"), .init("table_name", "text"), .init("row_name", "text"), .init("column_name", "text"),
                .init("case_id", "uuid"), .init("once_key", "text"),
            ], form: .insert(conflict: "ON CONFLICT (once_key) DO NOTHING"))
    }

    /// Forgets what was counted of `caseId` (its person was erased).
    func forget(caseId: UUID, on connection: PostgresConnection) async throws {
        try await connection.query("DELETE FROM \"\(schema)\".statistics_facts WHERE case_id = $1", [caseId])
    }

    /// The counts of `week` by table, row and column, leaving out the cases whose research
    /// consent is refused or withdrawn (a case not yet known here counts).
    func counts(of week: ISOWeek, on connection: PostgresConnection) async throws -> [(table: String, row: String, column: String, count: Int)] {
        try await connection.query(
            """
            SELECT f.table_name, f.row_name, f.column_name, count(*)::int8 AS n
            FROM "\(schema)".statistics_facts f LEFT JOIN "\(schema)".cases c ON c.case_id = f.case_id
            WHERE f.week = $1 AND NOT coalesce(c.consent_versions ? 'research' AND NOT 'research' = ANY (c.consents), false)
            GROUP BY 1, 2, 3
            """, [week.description]
        ).map { (try $0.decode("table_name"), try $0.decode("row_name"), try $0.decode("column_name"), try $0.decode("n")) }
    }

    /// Keeps `city`'s publication of `week` unless a later one is kept already.
    func save(_ publication: NetworkStatisticsPublished, publishedAt: Date, on connection: PostgresConnection) async throws {
        try await connection.query(
            """
            INSERT INTO "\(schema)".statistics_publications AS p (city, week, tables, published_at) VALUES ($1, $2, $3, $4)
            ON CONFLICT (city, week) DO UPDATE SET tables = $3, published_at = $4 WHERE p.published_at <= $4
            """,
            [publication.city, publication.week, String(decoding: try Wire.encode(publication.tables), as: UTF8.self), publishedAt])
    }

    /// The publications of the weeks `from` to `to`, of `city` only or of every city.
    func publications(from: ISOWeek, to: ISOWeek, city: String?, database: PostgresPool) async throws -> [(
        city: String, week: String, tables: [String: StatisticsTable]
    )] {
        try await database.query(
            """
            SELECT city, week, tables FROM "\(schema)".statistics_publications
            WHERE week BETWEEN $1 AND $2 AND ($3::text IS NULL OR city = $3) ORDER BY week, city
            """, [from.description, to.description, city]
        ).map {
            (
                try $0.decode("city"), try $0.decode("week"),
                try Wire.decode([String: StatisticsTable].self, from: Data(try $0.decode("tables", as: String.self).utf8))
            )
        }
    }

    /// The latest week this city published, if any.
    func lastPublished(by city: String, on connection: PostgresConnection) async throws -> String? {
        try await connection.query("SELECT max(week) AS week FROM \"\(schema)\".statistics_publications WHERE city = $1", [city])
            .first.flatMap { try $0.decode("week", as: String?.self) }
    }
}
