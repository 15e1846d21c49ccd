import Contracts
import Foundation
import Persistence

/// The `consents` table (current state per case and purpose) and its history.
struct ConsentStore: Sendable {
    let schema: String

    /// Records a change and makes it the current state.
    func record(_ consent: Consent, by actor: String, on connection: PostgresConnection) async throws {
        try await connection.query(
            """
            INSERT INTO "\(schema)".consent_changes (id, case_id, purpose, granted, expires_at, changed_at, changed_by)
            VALUES ($1, $2, $3, $4, $5, $6, $7)
            """,
            [consent.id, consent.caseId, consent.purpose, consent.granted, consent.expiresAt, consent.changedAt, actor])
        try await connection.query(
            """
            INSERT INTO "\(schema)".consents (case_id, purpose, granted, expires_at, changed_at) VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (case_id, purpose) DO UPDATE SET granted = $3, expires_at = $4, changed_at = $5
            """,
            [consent.caseId, consent.purpose, consent.granted, consent.expiresAt, consent.changedAt])
    }

    /// Grants `purposes` on a case from `time`, without expiry: one change each and the current
    /// state, in one statement (case registration grants six at once).
    /// Returns the changes made, as ``current(caseId:on:)`` would list them for a new case.
    @discardableResult
    func grant(_ purposes: [ConsentPurpose], caseId: UUID, at time: Date, by actor: String, on connection: PostgresConnection) async throws
        -> [Consent]
    {
        try await connection.query(
            """
            WITH changes AS (
                INSERT INTO "\(schema)".consent_changes (id, case_id, purpose, granted, expires_at, changed_at, changed_by)
                SELECT gen_random_uuid(), $1, purpose, true, NULL, $3, $4 FROM (SELECT DISTINCT unnest($2::text[]) AS purpose) given
                RETURNING id, case_id, purpose, granted, expires_at, changed_at),
            made_current AS (
                INSERT INTO "\(schema)".consents (case_id, purpose, granted, expires_at, changed_at)
                SELECT case_id, purpose, true, NULL, changed_at FROM changes
                ON CONFLICT (case_id, purpose) DO UPDATE SET granted = true, expires_at = NULL, changed_at = EXCLUDED.changed_at)
            SELECT id, case_id, purpose, granted, expires_at, changed_at FROM changes ORDER BY purpose
            """,
            [caseId, purposes, time, actor]
        ).map(Self.consent)
    }

    /// The change `id`.
    func change(_ id: UUID, on connection: PostgresConnection) async throws -> Consent? {
        try await connection.query(
            "SELECT id, case_id, purpose, granted, expires_at, changed_at FROM \"\(schema)\".consent_changes WHERE id = $1", [id]
        ).first.map(Self.consent)
    }

    /// The current consents of a case, by purpose; the id is the change that set each.
    func current(caseId: UUID, on connection: PostgresConnection) async throws -> [Consent] {
        try await connection.query(
            """
            SELECT DISTINCT ON (purpose) id, case_id, purpose, granted, expires_at, changed_at
            FROM "\(schema)".consent_changes WHERE case_id = $1 ORDER BY purpose, changed_at DESC, id
            """, [caseId]
        ).map(Self.consent)
    }

    /// Granted consents whose expiry has passed at `now`, locked so one sweeper takes each.
    func due(at now: Date, limit: Int, on connection: PostgresConnection) async throws -> [(caseId: UUID, purpose: ConsentPurpose, expiresAt: Date)] {
        try await connection.query(
            """
            SELECT case_id, purpose, expires_at FROM "\(schema)".consents
            WHERE granted AND expires_at <= $1 ORDER BY expires_at LIMIT $2 FOR UPDATE SKIP LOCKED
            """, [now, limit]
        ).map { row in
            (
                try row.decode("case_id", as: UUID.self), try row.decode("purpose", as: ConsentPurpose.self),
                try row.decode("expires_at", as: Date.self)
            )
        }
    }

    private static func consent(_ row: PostgresRow) throws -> Consent {
        Consent(
            id: try row.decode("id", as: UUID.self), caseId: try row.decode("case_id", as: UUID.self),
            purpose: try row.decode("purpose", as: ConsentPurpose.self),
            granted: try row.decode("granted", as: Bool.self), expiresAt: try row.decode("expires_at", as: Date?.self),
            changedAt: try row.decode("changed_at", as: Date.self))
    }
}
