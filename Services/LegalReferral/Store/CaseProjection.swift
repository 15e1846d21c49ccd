import Contracts
import Foundation
import Persistence

/// A case as intake announced it: enough to route a referral and to count appeals.
struct KnownCase: Sendable, Equatable {
    let caseId: UUID
    let language: String
    let sex: String
    let needs: [String]
    let vulnerabilities: [String]
    let consents: [String]
    let status: String

    var needsLegalHelp: Bool { needs.contains("legal") && consents.contains("legal") && status == "open" }
}

/// The `cases` table, kept from intake's events.
struct CaseProjection: Sendable {
    let schema: String

    func register(_ data: CaseRegistered, at time: Date, on connection: PostgresConnection) async throws {
        try await connection.query(
            """
            INSERT INTO "\(schema)".cases (case_id, person_ref, language, sex, needs, vulnerabilities, consents, status, registered_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, 'open', $8)
            ON CONFLICT (case_id) DO NOTHING
            """,
            [data.caseId, data.personRef, data.language, data.sex, data.needs, data.vulnerabilities, data.consents ?? [], time])
    }

    func update(_ data: CaseUpdated, on connection: PostgresConnection) async throws {
        try await connection.query(
            "UPDATE \"\(schema)\".cases SET needs = $2, vulnerabilities = $3, status = $4 WHERE case_id = $1",
            [data.caseId, data.needs, data.vulnerabilities, data.status])
    }

    /// Adds or removes `purpose` from the case's consents.
    func consent(_ caseId: UUID, purpose: String, granted: Bool, on connection: PostgresConnection) async throws {
        try await connection.query(
            """
            UPDATE "\(schema)".cases SET consents = CASE WHEN $3 THEN array_append(array_remove(consents, $2), $2)
                ELSE array_remove(consents, $2) END
            WHERE case_id = $1
            """, [caseId, purpose, granted])
    }

    /// Forgets the person behind `personRef`; returns their cases.
    func forget(personRef: String, on connection: PostgresConnection) async throws -> [UUID] {
        try await connection.query(
            "UPDATE \"\(schema)\".cases SET person_ref = NULL WHERE person_ref = $1 RETURNING case_id", [personRef]
        ).map { try $0.decode("case_id") }
    }

    func merge(personRef: String, into target: String, on connection: PostgresConnection) async throws {
        try await connection.query("UPDATE \"\(schema)\".cases SET person_ref = $2 WHERE person_ref = $1", [personRef, target])
    }

    func load(_ caseId: UUID, lock: Bool = false, on connection: PostgresConnection) async throws -> KnownCase? {
        try await connection.query(
            "SELECT case_id, language, sex, needs, vulnerabilities, consents, status FROM \"\(schema)\".cases WHERE case_id = $1 \(lock ? "FOR UPDATE" : "")",
            [caseId]
        ).first.map { row in
            KnownCase(
                caseId: try row.decode("case_id"), language: try row.decode("language"), sex: try row.decode("sex"),
                needs: try row.decode("needs"), vulnerabilities: try row.decode("vulnerabilities"), consents: try row.decode("consents"),
                status: try row.decode("status"))
        }
    }
}
