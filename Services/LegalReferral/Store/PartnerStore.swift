import Contracts
import Foundation
import Persistence

/// The `partners` table; load is counted from the open referrals.
struct PartnerStore: Sendable {
    let schema: String

    func insert(_ partner: Partner, on connection: PostgresConnection) async throws {
        try await connection.query(
            """
            INSERT INTO "\(schema)".partners (id, name, kind, languages, specializations, capacity, discount_percent)
            VALUES ($1, $2, $3, $4, $5, $6, $7)
            """,
            [partner.id, partner.name, partner.kind, partner.languages, partner.specializations, partner.capacity, partner.discountPercent])
    }

    private var select: String {
        """
        SELECT p.id, p.seq, p.name, p.kind, p.languages, p.specializations, p.capacity, p.discount_percent,
            (SELECT count(*) FROM "\(schema)".referrals r WHERE r.partner_id = p.id AND r.status IN ('proposed', 'accepted')) AS load
        FROM "\(schema)".partners p
        """
    }

    func load(_ id: UUID, on connection: PostgresConnection) async throws -> Partner? {
        try await connection.query("\(select) WHERE p.id = $1", [id]).first.map(Self.partner)
    }

    /// Every partner that knows `issue`, for the router. Locks the partner rows, so that two
    /// routings at once see each other's load.
    func candidates(issue: LegalIssue, on connection: PostgresConnection) async throws -> [PartnerCandidate] {
        try await connection.query(
            "SELECT id FROM \"\(schema)\".partners WHERE $1 = ANY(specializations) ORDER BY id FOR UPDATE", [issue])
        return try await connection.query("\(select) WHERE $1 = ANY(p.specializations)", [issue]).map { row in
            let partner = try Self.partner(row)
            return PartnerCandidate(
                id: partner.id, languages: Set(partner.languages), specializations: Set(partner.specializations),
                capacity: partner.capacity, load: partner.load)
        }
    }

    /// Oldest first, filtered by language and specialisation.
    func list(language: String?, issue: LegalIssue?, cursor: Int?, limit: Int, database: PostgresPool) async throws -> (
        partners: [Partner], next: Int?
    ) {
        let rows = try await database.query(
            """
            \(select) WHERE ($1::text IS NULL OR $1 = ANY(p.languages)) AND ($2::text IS NULL OR $2 = ANY(p.specializations))
                AND ($3::bigint IS NULL OR p.seq > $3)
            ORDER BY p.seq LIMIT $4
            """,
            [language, issue, cursor, limit + 1])
        let partners = try rows.prefix(limit).map(Self.partner)
        return (partners, rows.count > limit ? try rows[limit - 1].decode("seq", as: Int.self) : nil)
    }

    private static func partner(_ row: PostgresRow) throws -> Partner {
        Partner(
            id: try row.decode("id"), name: try row.decode("name"), kind: try row.decode("kind"),
            languages: try row.decode("languages"), specializations: try row.decode("specializations", as: [LegalIssue].self),
            capacity: try row.decode("capacity"), discountPercent: try row.decode("discount_percent"), load: try row.decode("load"))
    }
}
