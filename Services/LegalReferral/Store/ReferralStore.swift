import Contracts
import Foundation
import Persistence

/// The `referrals` table and its history.
struct ReferralStore: Sendable {
    let schema: String

    func insert(_ referral: Referral, sex: Sex, on connection: PostgresConnection) async throws {
        try await connection.query(
            """
            INSERT INTO "\(schema)".referrals (id, case_id, partner_id, issue, language, sex, status, proposed_at, created_at, updated_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)
            """,
            [
                referral.id, referral.caseId, referral.partnerId, referral.issue, referral.language, sex, referral.status, referral.proposedAt,
                referral.createdAt,
            ])
    }

    /// Stores the referral's state and appends `step` to its history.
    func save(_ referral: Referral, step: Referral.Step, on connection: PostgresConnection) async throws {
        try await connection.query(
            """
            UPDATE "\(schema)".referrals SET partner_id = $2, status = $3, proposed_at = $4, outcome = $5,
                recovered_amount = $6, recovered_currency = $7, escalated_at = CASE WHEN $3 = 'proposed' AND proposed_at IS DISTINCT FROM $4 THEN NULL ELSE escalated_at END,
                updated_at = $8
            WHERE id = $1
            """,
            [
                referral.id, referral.partnerId, referral.status, referral.proposedAt, referral.outcome, referral.recovered?.amount,
                referral.recovered?.currency, step.at,
            ])
        try await record(step, of: referral.id, on: connection)
    }

    func record(_ step: Referral.Step, of id: UUID, on connection: PostgresConnection) async throws {
        try await connection.write(steps, [id, step.at, step.status, step.partnerId, step.actor, step.note])
    }

    /// The history's steps, written together when a batch of events adds several.
    private var steps: BatchWrite {
        BatchWrite(
            schema: schema, table: "referral_history",
            columns: [
                .init("referral_id", "uuid"), .init("at", "timestamptz"), .init("status", "text"), .init("partner_id", "uuid"),
                .init("actor", "text"), .init("note", "text"),
            ])
    }

    func load(_ id: UUID, lock: Bool = false, on connection: PostgresConnection) async throws -> Referral? {
        guard let row = try await connection.query("\(select) WHERE id = $1 \(lock ? "FOR UPDATE" : "")", [id]).first else { return nil }
        var referral = try Self.referral(row)
        referral.history = try await connection.query(
            "SELECT at, status, partner_id, actor, note FROM \"\(schema)\".referral_history WHERE referral_id = $1 ORDER BY id", [id]
        ).map { row in
            Referral.Step(
                at: try row.decode("at"), status: try row.decode("status"), partnerId: try row.decode("partner_id"), actor: try row.decode("actor"),
                note: try row.decode("note"))
        }
        return referral
    }

    /// The open referrals of a case, locked.
    func open(caseId: UUID, on connection: PostgresConnection) async throws -> [UUID] {
        try await connection.query(
            "SELECT id FROM \"\(schema)\".referrals WHERE case_id = $1 AND status IN ('proposed', 'accepted', 'unrouted', 'declined') ORDER BY seq FOR UPDATE",
            [caseId]
        ).map { try $0.decode("id") }
    }

    /// Whether the case has an open referral for `issue` (at most one may be open).
    func hasOpen(caseId: UUID, issue: LegalIssue, on connection: PostgresConnection) async throws -> Bool {
        try await !connection.query(
            "SELECT 1 FROM \"\(schema)\".referrals WHERE case_id = $1 AND issue = $2 AND status IN ('proposed', 'accepted', 'unrouted', 'declined')",
            [caseId, issue]
        ).isEmpty
    }

    /// Partners who declined this referral before: never proposed it again.
    func declinedBy(_ id: UUID, on connection: PostgresConnection) async throws -> Set<UUID> {
        Set(
            try await connection.query(
                "SELECT partner_id FROM \"\(schema)\".referral_history WHERE referral_id = $1 AND status = 'declined' AND partner_id IS NOT NULL",
                [id]
            ).map { try $0.decode("partner_id", as: UUID.self) })
    }

    /// Proposals older than `deadline` not yet escalated, locked so one sweeper takes each.
    func waitingSince(before deadline: Date, limit: Int, on connection: PostgresConnection) async throws -> [Referral] {
        try await connection.query(
            "\(select) WHERE status = 'proposed' AND escalated_at IS NULL AND proposed_at <= $1 ORDER BY proposed_at LIMIT $2 FOR UPDATE SKIP LOCKED",
            [deadline, limit]
        ).map(Self.referral)
    }

    func markEscalated(_ id: UUID, at time: Date, on connection: PostgresConnection) async throws {
        try await connection.query("UPDATE \"\(schema)\".referrals SET escalated_at = $2 WHERE id = $1", [id, time])
    }

    /// Newest first, without history.
    func list(_ filter: ReferralFilter, cursor: Int?, limit: Int, database: PostgresPool) async throws -> (referrals: [Referral], next: Int?) {
        let rows = try await database.query(
            """
            \(select) WHERE ($1::uuid IS NULL OR case_id = $1) AND ($2::text IS NULL OR status = $2)
                AND ($3::uuid IS NULL OR partner_id = $3) AND ($4::text IS NULL OR issue = $4) AND ($5::bigint IS NULL OR seq < $5)
                AND (NOT $7 OR EXISTS (SELECT 1 FROM "\(schema)".cases k
                    WHERE k.case_id = referrals.case_id AND k.status <> 'erased' AND 'legal' = ANY (k.consents)))
                AND ($8::boolean IS NULL OR (escalated_at IS NOT NULL AND status = 'proposed') = $8)
            ORDER BY seq DESC LIMIT $6
            """,
            [filter.caseId, filter.status, filter.partnerId, filter.issue, cursor, limit + 1, filter.consentedOnly, filter.escalated])
        let referrals = try rows.prefix(limit).map(Self.referral)
        return (referrals, rows.count > limit ? try rows[limit - 1].decode("seq", as: Int.self) : nil)
    }

    private var select: String {
        """
        SELECT id, seq, case_id, partner_id, issue, language, status, proposed_at, outcome, recovered_amount, recovered_currency, created_at
        FROM "\(schema)".referrals
        """
    }

    private static func referral(_ row: PostgresRow) throws -> Referral {
        let amount = try row.decode("recovered_amount", as: Decimal?.self)
        let currency = try row.decode("recovered_currency", as: String?.self)
        return Referral(
            id: try row.decode("id"), caseId: try row.decode("case_id"), partnerId: try row.decode("partner_id"),
            issue: try row.decode("issue"), language: try row.decode("language"), status: try row.decode("status"),
            proposedAt: try row.decode("proposed_at"), outcome: try row.decode("outcome"),
            recovered: amount.flatMap { amount in currency.map { Money(amount: amount, currency: $0) } },
            createdAt: try row.decode("created_at"), history: [])
    }

    /// The appeals opened from `from` to `to` (both days included, UTC), counted: one row per
    /// dimension (`total`, `resolved`, `issue`, `language`, `sex`, `month`) and key.
    func appealCounts(from: CalendarDate, to: CalendarDate, database: PostgresPool) async throws -> [(dimension: String, key: String, count: Int)] {
        try await database.query(
            """
            WITH appeals AS (
                SELECT issue, language, sex, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM') AS month, status
                FROM "\(schema)".referrals
                WHERE created_at >= ($1::date)::timestamp AT TIME ZONE 'UTC' AND created_at < ($2::date + 1)::timestamp AT TIME ZONE 'UTC'
            )
            SELECT 'total' AS dimension, '' AS key, count(*) AS n FROM appeals
            UNION ALL SELECT 'resolved', '', count(*) FROM appeals WHERE status = 'resolved'
            UNION ALL SELECT 'issue', issue, count(*) FROM appeals GROUP BY issue
            UNION ALL SELECT 'language', language, count(*) FROM appeals GROUP BY language
            UNION ALL SELECT 'sex', sex, count(*) FROM appeals GROUP BY sex
            UNION ALL SELECT 'month', month, count(*) FROM appeals GROUP BY month
            """,
            [from, to]
        ).map { (try $0.decode("dimension"), try $0.decode("key"), try $0.decode("n")) }
    }

    /// Forgets the free text of a case's referrals (an erasure): the notes of every step.
    func forgetNotes(caseId: UUID, on connection: PostgresConnection) async throws {
        try await connection.query(
            """
            UPDATE "\(schema)".referral_history SET note = NULL
            WHERE note IS NOT NULL AND referral_id IN (SELECT id FROM "\(schema)".referrals WHERE case_id = $1)
            """, [caseId])
    }
}
