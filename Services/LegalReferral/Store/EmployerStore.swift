import Contracts
import Foundation
import Persistence

/// The `complaints`, `employer_flags` and `network_employer_flags` tables.
struct EmployerStore: Sendable {
    let schema: String
    /// This city: where the flags of `employer_flags` were decided.
    let city: String

    /// Takes the employer's advisory lock for the transaction, so that complaints about one
    /// employer are assessed one after the other.
    func lock(_ taxId: String, on connection: PostgresConnection) async throws {
        try await connection.lockForTransaction("\(schema).employer.\(taxId)")
    }

    func insert(_ complaint: Complaint, by actor: String, on connection: PostgresConnection) async throws {
        try await connection.query(
            "INSERT INTO \"\(schema)\".complaints (id, tax_id, kind, case_id, amount, currency, filed_by, filed_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            [
                complaint.id, complaint.taxId, complaint.kind, complaint.caseId, complaint.amount?.amount, complaint.amount?.currency, actor,
                complaint.filedAt,
            ])
    }

    /// The complaints since the employer was last cleared (a cleared employer starts afresh),
    /// each counting only when its case is known here, not erased, and consents to legal help.
    func complaintsSinceClearing(_ taxId: String, on connection: PostgresConnection) async throws -> [EmployerFlagRule.Evidence] {
        try await connection.query(
            """
            SELECT c.kind, c.case_id,
                coalesce(k.registered_at IS NOT NULL AND k.status <> 'erased' AND 'legal' = ANY (k.consents), false) AS counts
            FROM "\(schema)".complaints c LEFT JOIN "\(schema)".cases k ON k.case_id = c.case_id
            WHERE c.tax_id = $1 AND c.filed_at > coalesce(
                (SELECT changed_at FROM "\(schema)".employer_flags f WHERE f.tax_id = $1 AND NOT f.flagged), '-infinity')
            """, [taxId]
        ).map { .init(kind: try $0.decode("kind"), caseId: try $0.decode("case_id"), counts: try $0.decode("counts")) }
    }

    /// Employers not flagged now with complaints of the reviewed kinds since their last
    /// clearing, oldest report first.
    func underReview(database: PostgresPool) async throws -> [EmployerReview] {
        try await database.query(
            """
            SELECT c.tax_id, array_agg(DISTINCT c.kind ORDER BY c.kind) AS kinds, count(*) AS complaints, min(c.filed_at) AS first_reported_at
            FROM "\(schema)".complaints c LEFT JOIN "\(schema)".employer_flags f ON f.tax_id = c.tax_id
            WHERE c.kind = ANY ($1) AND coalesce(NOT f.flagged, true) AND c.filed_at > coalesce(f.changed_at, '-infinity')
            GROUP BY c.tax_id ORDER BY first_reported_at
            """, [EmployerFlagRule.reviewed]
        ).map { row in
            EmployerReview(
                taxId: try row.decode("tax_id"), kinds: try row.decode("kinds"), complaints: try row.decode("complaints"),
                firstReportedAt: try row.decode("first_reported_at"))
        }
    }

    func flag(_ taxId: String, on connection: PostgresConnection) async throws -> EmployerFlag? {
        try await connection.query(
            "SELECT tax_id, flagged, reason, evidence_count, changed_at, $2::text AS city FROM \"\(schema)\".employer_flags WHERE tax_id = $1",
            [taxId, city]
        ).first.map(Self.flag)
    }

    func save(_ flag: EmployerFlag, by actor: String, on connection: PostgresConnection) async throws {
        try await connection.query(
            """
            INSERT INTO "\(schema)".employer_flags (tax_id, flagged, reason, evidence_count, changed_at, changed_by) VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT (tax_id) DO UPDATE SET flagged = $2, reason = $3, evidence_count = $4, changed_at = $5, changed_by = $6
            """, [flag.taxId, flag.flagged, flag.reason, flag.evidenceCount, flag.changedAt, actor])
    }

    /// The employers flagged here and in the other cities, one row per deciding city, latest first.
    func flagged(database: PostgresPool) async throws -> [EmployerFlag] {
        try await database.query(
            """
            SELECT tax_id, flagged, reason, evidence_count, changed_at, $1::text AS city FROM "\(schema)".employer_flags WHERE flagged
            UNION ALL
            SELECT tax_id, flagged, reason, evidence_count, decided_at, city FROM "\(schema)".network_employer_flags WHERE flagged
            ORDER BY changed_at DESC, city
            """, [city]
        ).map(Self.flag)
    }

    /// Records another city's decision unless a later one of that city is recorded already.
    func saveNetworkDecision(_ flag: EmployerFlag, on connection: PostgresConnection) async throws {
        try await connection.query(
            """
            INSERT INTO "\(schema)".network_employer_flags AS f (tax_id, city, flagged, reason, evidence_count, decided_at)
            VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT (tax_id, city) DO UPDATE SET flagged = $3, reason = $4, evidence_count = $5, decided_at = $6 WHERE f.decided_at <= $6
            """, [flag.taxId, flag.city, flag.flagged, flag.reason, flag.evidenceCount, flag.changedAt])
    }

    private static func flag(_ row: PostgresRow) throws -> EmployerFlag {
        EmployerFlag(
            taxId: try row.decode("tax_id"), flagged: try row.decode("flagged"), reason: try row.decode("reason"),
            evidenceCount: try row.decode("evidence_count"), changedAt: try row.decode("changed_at"), city: try row.decode("city"))
    }
}
