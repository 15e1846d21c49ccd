import Contracts
import Foundation
import Persistence
import ServiceKit

/// The `policies` table.
struct PolicyStore: Sendable {
    let schema: String

    func insert(_ policy: StoredPolicy, numberHash: Data, on connection: PostgresConnection) async throws {
        try await connection.query(
            """
            INSERT INTO "\(schema)".policies (id, case_id, person_ref, plan_id, number, number_hash, valid_from, valid_to)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            """,
            [policy.id, policy.caseId, policy.personRef, policy.planId, policy.sealedNumber, numberHash, policy.validFrom, policy.validTo])
    }

    /// Policies of a case, or the one with a number's keyed hash, oldest first.
    func find(caseId: UUID?, numberHash: Data?, on connection: PostgresConnection) async throws -> [StoredPolicy] {
        try await connection.query(
            "\(select) WHERE ($1::uuid IS NULL OR case_id = $1) AND ($2::bytea IS NULL OR number_hash = $2) ORDER BY seq LIMIT 200",
            [caseId, numberHash]
        ).map(Self.policy)
    }

    func load(_ id: UUID, on connection: PostgresConnection) async throws -> StoredPolicy? {
        try await connection.query("\(select) WHERE id = $1", [id]).first.map(Self.policy)
    }

    /// What coverage needs of a case's policies: dates and the plan's coverage.
    func covers(caseId: UUID, on connection: PostgresConnection) async throws -> [PolicyCover] {
        try await connection.query(
            """
            SELECT p.id, p.valid_from, p.valid_to, pl.coverage FROM "\(schema)".policies p
            JOIN "\(schema)".plans pl ON pl.id = p.plan_id WHERE p.case_id = $1
            """, [caseId]
        ).map { row in
            PolicyCover(
                policyId: try row.decode("id"), validFrom: try row.decode("valid_from"), validTo: try row.decode("valid_to"),
                coverage: Set(try row.decode("coverage", as: [MedicalService].self)))
        }
    }

    /// Policies not yet announced whose last day lies from `today` to `day`, locked for this sweep.
    func expiring(from today: CalendarDate, by day: CalendarDate, on connection: PostgresConnection) async throws -> [StoredPolicy] {
        try await connection.query(
            """
            \(select) WHERE expiring_announced_at IS NULL AND valid_to BETWEEN $1 AND $2 AND EXISTS (SELECT 1 FROM "\(schema)".cases k
                WHERE k.case_id = policies.case_id AND k.status = 'open' AND 'medical' = ANY (k.consents))
            ORDER BY valid_to LIMIT 500 FOR UPDATE SKIP LOCKED
            """,
            [today, day]
        ).map(Self.policy)
    }

    func markAnnounced(_ id: UUID, on connection: PostgresConnection) async throws {
        try await connection.query("UPDATE \"\(schema)\".policies SET expiring_announced_at = now() WHERE id = $1", [id])
    }

    /// Deletes the policies of a case; returns their ids.
    func delete(caseId: UUID, on connection: PostgresConnection) async throws -> [UUID] {
        try await connection.query("DELETE FROM \"\(schema)\".policies WHERE case_id = $1 RETURNING id", [caseId]).map { try $0.decode("id") }
    }

    /// Forgets the person: their policy numbers and hashes are dropped (the key is destroyed too).
    func forget(personRef: String, on connection: PostgresConnection) async throws {
        try await connection.query(
            "UPDATE \"\(schema)\".policies SET number = NULL, number_hash = NULL, person_ref = NULL WHERE person_ref = $1", [personRef])
    }

    private var select: String {
        "SELECT id, case_id, person_ref, plan_id, number, valid_from, valid_to FROM \"\(schema)\".policies"
    }

    private static func policy(_ row: PostgresRow) throws -> StoredPolicy {
        StoredPolicy(
            id: try row.decode("id"), caseId: try row.decode("case_id"), personRef: try row.decode("person_ref"),
            planId: try row.decode("plan_id"), sealedNumber: try row.decode("number"), validFrom: try row.decode("valid_from"),
            validTo: try row.decode("valid_to"))
    }
}
