import Contracts
import Foundation
import Persistence
import ServiceKit

/// The `timeline` read model: one row per event about a case, from every service.
struct TimelineStore: Sendable {
    let schema: String

    /// Adds a received `envelope` to its case's timeline, once; events about no case are ignored.
    func record(_ envelope: EventEnvelope, on connection: PostgresConnection) async throws {
        try await insert(try TimelineWording.entry(for: envelope), of: envelope, on: connection)
    }

    /// Adds an event intake emits, from its typed `payload`, to its case's timeline.
    func record(_ payload: some EventData, as envelope: EventEnvelope, on connection: PostgresConnection) async throws {
        try await insert(TimelineWording.entry(for: payload, from: envelope.source), of: envelope, on: connection)
    }

    /// Adds a received `envelope` about `caseId` that names no case itself (a city's answer to a
    /// transfer), said by `say` in each language.
    func note(caseId: UUID, envelope: EventEnvelope, on connection: PostgresConnection, _ say: (TimelineLanguage) -> String) async throws {
        try await insert(TimelineWording.note(caseId: caseId, from: envelope.source, say), of: envelope, on: connection)
    }

    private func insert(_ entry: TimelineWording.Entry?, of envelope: EventEnvelope, on connection: PostgresConnection) async throws {
        guard let entry else { return }
        let summaries = try JSONEncoder().encode(Dictionary(uniqueKeysWithValues: entry.summaries.map { ($0.key.rawValue, $0.value) }))
        try await connection.write(
            lines,
            [envelope.id, entry.caseId, envelope.time, envelope.type, entry.service, entry.summary, String(decoding: summaries, as: UTF8.self)])
    }

    /// The lines a transaction adds, sent as one statement (a batch of events, one insert).
    private var lines: BatchWrite {
        BatchWrite(
            schema: schema, table: "timeline",
            columns: [
                .init("event_id", "uuid"), .init("case_id", "uuid"), .init("at", "timestamptz"), .init("type", "text"), .init("service", "text"),
                .init("summary", "text"), .init("summaries", "jsonb"),
            ], form: .insert(conflict: "ON CONFLICT (event_id) DO NOTHING"))
    }

    /// Oldest first, each line in `language` (in English when it was written before the line had
    /// other languages); the cursor is the position of the last item of the previous page.
    func list(caseId: UUID, language: TimelineLanguage, page: PageRequest, database: PostgresPool) async throws -> Page<TimelineItem> {
        let rows = try await database.query(
            """
            SELECT seq, at, type, service, coalesce(summaries ->> $4, summary) AS summary, event_id FROM "\(schema)".timeline
            WHERE case_id = $1 AND ($2::bigint IS NULL
                OR (at, seq) > (SELECT at, seq FROM "\(schema)".timeline WHERE seq = $2 AND case_id = $1))
            ORDER BY at, seq LIMIT $3
            """,
            [caseId, page.cursor, page.limit + 1, language.rawValue])
        let items = try rows.prefix(page.limit).map { row in
            TimelineItem(
                at: try row.decode("at"), type: try row.decode("type"), service: try row.decode("service"),
                summary: try row.decode("summary"), eventId: try row.decode("event_id"))
        }
        let next = rows.count > page.limit ? try rows[page.limit - 1].decode("seq", as: Int.self) : nil
        return Page(items: items, nextCursor: next.map(String.init))
    }
}
