import Contracts
import Foundation
import Persistence

/// The `hotline_calls` table.
struct HotlineStore: Sendable {
    let schema: String

    func insert(_ call: HotlineCall, by operatorName: String, on connection: PostgresConnection) async throws {
        try await connection.query(
            """
            INSERT INTO "\(schema)".hotline_calls (id, at, language, topic, duration_seconds, resolved_by_phone, case_id, logged_by)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            """,
            [call.id, call.at, call.language, call.topic, call.durationSeconds, call.resolvedByPhone, call.caseId, operatorName])
    }

    func load(_ id: UUID, on connection: PostgresConnection) async throws -> HotlineCall? {
        try await connection.query(
            "SELECT id, at, language, topic, duration_seconds, resolved_by_phone, case_id FROM \"\(schema)\".hotline_calls WHERE id = $1",
            [id]
        ).first.map { row in
            HotlineCall(
                id: try row.decode("id"), at: try row.decode("at"), language: try row.decode("language"),
                topic: try row.decode("topic"), durationSeconds: try row.decode("duration_seconds"),
                resolvedByPhone: try row.decode("resolved_by_phone"), caseId: try row.decode("case_id"))
        }
    }

    /// Counts the calls whose local day in `timeZone` (an IANA name) lies in `from...to`.
    func statistics(from: CalendarDate, to: CalendarDate, timeZone: String, database: PostgresPool) async throws -> HotlineStatistics {
        let rows = try await database.query(
            """
            WITH calls AS (
                SELECT language, topic, resolved_by_phone, duration_seconds,
                    to_char(at AT TIME ZONE $3, 'HH24') AS hour
                FROM "\(schema)".hotline_calls
                WHERE at >= ($1::date)::timestamp AT TIME ZONE $3 AND at < ($2::date + 1)::timestamp AT TIME ZONE $3
            )
            SELECT 'total' AS dimension, '' AS key, count(*) AS calls, count(*) FILTER (WHERE resolved_by_phone) AS resolved,
                round(avg(duration_seconds))::bigint AS average FROM calls
            UNION ALL
            SELECT 'language', language, count(*), count(*) FILTER (WHERE resolved_by_phone), NULL FROM calls GROUP BY language
            UNION ALL
            SELECT 'topic', topic, count(*), count(*) FILTER (WHERE resolved_by_phone), NULL FROM calls GROUP BY topic
            UNION ALL
            SELECT 'hour', hour, count(*), count(*) FILTER (WHERE resolved_by_phone), NULL FROM calls GROUP BY hour
            """,
            [from, to, timeZone])
        var total = (calls: 0, resolved: 0, average: Int?.none)
        var counts: [String: [String: HotlineStatistics.Count]] = [:]
        for row in rows {
            let dimension = try row.decode("dimension", as: String.self)
            let count = HotlineStatistics.Count(
                key: try row.decode("key"), calls: try row.decode("calls"), resolvedByPhone: try row.decode("resolved"))
            if dimension == "total" {
                total = (count.calls, count.resolvedByPhone, try row.decode("average"))
            } else {
                counts[dimension, default: [:]][count.key] = count
            }
        }
        func sorted(_ dimension: String) -> [HotlineStatistics.Count] {
            (counts[dimension] ?? [:]).values.sorted { ($0.calls, $1.key) > ($1.calls, $0.key) }
        }
        let hours = (0..<24).map { hour in
            let key = hour < 10 ? "0\(hour)" : "\(hour)"
            return counts["hour"]?[key] ?? HotlineStatistics.Count(key: key, calls: 0, resolvedByPhone: 0)
        }
        return HotlineStatistics(
            from: from, to: to, timeZone: timeZone, calls: total.calls, resolvedByPhone: total.resolved,
            resolvedByPhoneShare: total.calls == 0 ? nil : (Double(total.resolved) / Double(total.calls) * 1000).rounded() / 1000,
            averageDurationSeconds: total.average, byLanguage: sorted("language"), byTopic: sorted("topic"), byHour: hours)
    }
}
