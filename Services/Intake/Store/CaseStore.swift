import Contracts
import Foundation
import Persistence
import ServiceKit

/// The `cases` table. Every function runs on the caller's connection or transaction.
struct CaseStore: Sendable {
    let schema: String

    private var columns: String {
        "id, seq, person_id, channel, language, needs, vulnerabilities, status, priority, version, created_at, updated_at, summary, summary_sealed_for, assignee"
    }

    func insert(_ record: CaseRecord, by creator: String, on connection: PostgresConnection) async throws {
        try await connection.query(
            """
            INSERT INTO "\(schema)".cases (id, person_id, channel, language, needs, vulnerabilities, summary, summary_sealed_for,
                status, priority, created_at, updated_at, created_by)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11, $12)
            """,
            [
                record.id, record.personId, record.channel, record.language, record.needs,
                record.vulnerabilities, record.sealedSummary?.data, record.sealedSummary?.sealedFor,
                record.status, record.priority, record.createdAt, creator,
            ])
    }

    /// The case `id`, or `nil`; `lock` takes it for update.
    func load(_ id: UUID, lock: Bool = false, on connection: PostgresConnection) async throws -> CaseRecord? {
        let rows = try await connection.query(
            "SELECT \(columns) FROM \"\(schema)\".cases WHERE id = $1 \(lock ? "FOR UPDATE" : "")", [id])
        return try rows.first.map(Self.record)
    }

    /// Stores changed needs, vulnerabilities, status, priority and version.
    func update(_ record: CaseRecord, on connection: PostgresConnection) async throws {
        try await connection.query(
            """
            UPDATE "\(schema)".cases SET needs = $2, vulnerabilities = $3, status = $4, priority = $5, updated_at = $6, version = $7
            WHERE id = $1
            """,
            [record.id, record.needs, record.vulnerabilities, record.status, record.priority, record.updatedAt, record.version])
    }

    /// Counts a change of the case's consents: its version goes up by one; returns the new version.
    func nextVersion(of id: UUID, on connection: PostgresConnection) async throws -> Int {
        try await connection.query(
            "UPDATE \"\(schema)\".cases SET version = version + 1, updated_at = now() WHERE id = $1 RETURNING version", [id]
        ).first?.decode("version") ?? 1
    }

    /// Marks the cases of `personId` erased, their summaries dropped; returns each with its new
    /// version.
    func erase(casesOf personId: UUID, on connection: PostgresConnection) async throws -> [ErasedCase] {
        try await connection.query(
            """
            UPDATE "\(schema)".cases SET status = 'erased', version = version + 1, summary = NULL, summary_sealed_for = NULL, updated_at = now()
            WHERE person_id = $1 AND status <> 'erased' RETURNING id, version
            """, [personId]
        ).map { ErasedCase(caseId: try $0.decode("id"), caseVersion: try $0.decode("version")) }
    }

    /// Newest first, keyset-paged on the insertion order.
    func list(_ filter: CaseFilter, page: PageRequest, database: PostgresPool) async throws -> (records: [CaseRecord], nextCursor: Int?) {
        let rows = try await database.query(
            """
            SELECT \(columns) FROM "\(schema)".cases
            WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR needs @> ARRAY[$2::text])
                AND ($3::text IS NULL OR language = $3) AND ($4::uuid IS NULL OR person_id = $4)
                AND ($5::text IS NULL OR priority = $5) AND ($6::bigint IS NULL OR seq < $6)
                AND ($8::text IS NULL OR assignee = $8)
            ORDER BY seq DESC LIMIT $7
            """,
            [
                filter.status, filter.need, filter.language, filter.personId, filter.priority,
                page.cursor, page.limit + 1, filter.assignee,
            ])
        let records = try rows.prefix(page.limit).map(Self.record)
        let next = rows.count > page.limit ? try rows[page.limit - 1].decode("seq", as: Int.self) : nil
        return (records, next)
    }

    private static func record(_ row: PostgresRow) throws -> CaseRecord {
        let summary = try row.decode("summary", as: Data?.self)
        let sealedFor = try row.decode("summary_sealed_for", as: String?.self)
        return CaseRecord(
            id: try row.decode("id", as: UUID.self), personId: try row.decode("person_id", as: UUID.self),
            channel: try row.decode("channel", as: Channel.self),
            language: try row.decode("language", as: String.self),
            needs: try row.decode("needs", as: [Need].self),
            vulnerabilities: try row.decode("vulnerabilities", as: [Vulnerability].self),
            status: try row.decode("status", as: CaseStatus.self),
            priority: try row.decode("priority", as: Priority.self), version: try row.decode("version", as: Int.self),
            createdAt: try row.decode("created_at", as: Date.self), updatedAt: try row.decode("updated_at", as: Date.self),
            sealedSummary: summary.flatMap { data in sealedFor.map { (data, $0) } }, assignee: try row.decode("assignee", as: String?.self))
    }

    /// Gives the case `id` to `assignee` (`nil`: nobody); it changes nothing else of the case.
    func assign(_ id: UUID, to assignee: String?, on connection: PostgresConnection) async throws {
        try await connection.query("UPDATE \"\(schema)\".cases SET assignee = $2, updated_at = now() WHERE id = $1", [id, assignee])
    }

    /// The open cases of the person `personId`.
    func openCases(of personId: UUID, on connection: PostgresConnection) async throws -> [UUID] {
        try await connection.query(
            "SELECT id FROM \"\(schema)\".cases WHERE person_id = $1 AND status = 'open'", [personId]
        ).map { try $0.decode("id") }
    }
}
