import Contracts
import Foundation
import Persistence
import ServiceKit

/// The `persons` table: personal fields sealed under each person's vault key, keyed hashes
/// for document, phone and birth date. Every function runs on the caller's transaction.
struct PersonStore: Sendable {
    let schema: String
    let vault: PersonalDataVault

    /// The pseudonymous reference events carry instead of the person.
    static func ref(of id: UUID) -> String { id.lowercased }

    /// Creates the person's key and stores the sealed record.
    func insert(_ person: Person, id: UUID, by creator: String, on connection: PostgresConnection) async throws {
        let key = try await vault.createKey(for: Self.ref(of: id))
        let hashes = try await lookupHashes(of: person)
        try await connection.query(
            """
            INSERT INTO "\(schema)".persons (id, given_name, family_name, name_latin, birth_date, phone, document_type,
                document_number, sex, citizenship, languages, document_hash, phone_hash, birth_date_hash, created_by)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
            """,
            [
                id, try key.seal(person.givenName), try key.seal(person.familyName), try key.seal(person.nameLatin),
                try person.birthDate.map { try key.seal($0.description) }, try person.phone.map(key.seal),
                try person.document.map { try key.seal($0.type) }, try person.document.map { try key.seal($0.number) },
                person.sex, person.citizenship, person.languages,
                hashes[0], hashes[1], hashes[2], creator,
            ])
    }

    /// The keyed hashes of `person`'s document number, phone and birth date, in that order.
    private func lookupHashes(of person: Person) async throws -> [Data?] {
        [
            try await vault.lookupHash(person.document?.number, .document), try await vault.lookupHash(person.phone, .phone),
            try await vault.lookupHash(person.birthDate?.description, .birthDate),
        ]
    }

    /// Opens the record of `id`; `nil` when there is none. `lock` takes it for update.
    func load(_ id: UUID, lock: Bool = false, on connection: PostgresConnection) async throws -> PersonRecord? {
        let rows = try await connection.query(
            """
            SELECT given_name, family_name, name_latin, birth_date, phone, document_type, document_number, sex,
                citizenship, languages, created_at, merged_into, erased_at
            FROM "\(schema)".persons WHERE id = $1 \(lock ? "FOR UPDATE" : "")
            """, [id])
        guard let row = rows.first else { return nil }
        if try row.decode("erased_at", as: Date?.self) != nil { return .erased }
        let key = try await vault.key(for: Self.ref(of: id))
        func open(_ column: String) throws -> String? { try row.decode(column, as: Data?.self).map(key.open) }
        let documentType = try open("document_type"), documentNumber = try open("document_number")
        let person = Person(
            givenName: try open("given_name") ?? "", familyName: try open("family_name") ?? "",
            nameLatin: try open("name_latin") ?? "",
            birthDate: try open("birth_date").flatMap { CalendarDate(iso8601: $0) },
            sex: try row.decode("sex", as: Sex.self),
            citizenship: try row.decode("citizenship", as: String.self),
            languages: try row.decode("languages", as: [String].self),
            phone: try open("phone"),
            document: documentType.flatMap { type in documentNumber.map { IdentityDocument(type: type, number: $0) } })
        return .present(
            id: id, person: person, createdAt: try row.decode("created_at", as: Date.self),
            mergedInto: try row.decode("merged_into", as: UUID?.self))
    }

    /// Persons other than `id` who share the document, the phone, or the birth date and a close
    /// name. Names of same-birth-date persons are opened to compare them: each is audited.
    func duplicates(
        of person: Person, excluding id: UUID, access: StaffAccess, audit: AuditLog, on connection: PostgresConnection
    ) async throws -> [DuplicateCandidate] {
        let hashes = try await lookupHashes(of: person)
        let rows = try await connection.query(
            """
            SELECT id, coalesce(document_hash = $2, false) AS same_document, coalesce(phone_hash = $3, false) AS same_phone,
                coalesce(birth_date_hash = $4, false) AS same_birth_date, given_name, family_name
            FROM "\(schema)".persons
            WHERE id <> $1 AND erased_at IS NULL AND merged_into IS NULL
                AND (document_hash = $2 OR phone_hash = $3 OR birth_date_hash = $4)
            ORDER BY created_at LIMIT 100
            """,
            [
                id, hashes[0], hashes[1], hashes[2],
            ])
        var candidates: [DuplicateCandidate] = []
        for row in rows {
            let candidate = try row.decode("id", as: UUID.self)
            var namesClose = false
            if try row.decode("same_birth_date", as: Bool.self) {
                let key = try await vault.key(for: Self.ref(of: candidate))
                let given = try key.open(try row.decode("given_name", as: Data.self))
                let family = try key.open(try row.decode("family_name", as: Data.self))
                try await audit.record(
                    "compare-name", subject: "person/\(Self.ref(of: candidate))", reason: "duplicate check",
                    by: access.caller, requestID: access.requestID, on: connection)
                namesClose = NameMatch.isClose((person.givenName, person.familyName), (given, family))
            }
            let reasons = DuplicateReason.reasons(
                sameDocument: try row.decode("same_document", as: Bool.self), samePhone: try row.decode("same_phone", as: Bool.self),
                closeNameAndSameBirthDate: namesClose)
            if !reasons.isEmpty { candidates.append(DuplicateCandidate(id: candidate, reasons: reasons)) }
        }
        return candidates
    }

    /// Destroys the person's key and clears every personal column; the row stays so that
    /// cases keep their anonymous counts.
    func erase(_ id: UUID, on connection: PostgresConnection) async throws {
        try await vault.erase(Self.ref(of: id))
        try await connection.query(
            """
            UPDATE "\(schema)".persons SET given_name = NULL, family_name = NULL, name_latin = NULL, birth_date = NULL,
                phone = NULL, document_type = NULL, document_number = NULL, sex = NULL, citizenship = NULL, languages = NULL,
                document_hash = NULL, phone_hash = NULL, birth_date_hash = NULL, erased_at = now()
            WHERE id = $1
            """, [id])
        try await connection.query(
            "UPDATE \"\(schema)\".cases SET summary = NULL, summary_sealed_for = NULL WHERE summary_sealed_for = $1", [Self.ref(of: id)])
    }

    /// Records that were merged into `id` (they are the same human).
    func mergedInto(_ id: UUID, on connection: PostgresConnection) async throws -> [UUID] {
        try await connection.query(
            "SELECT id FROM \"\(schema)\".persons WHERE merged_into = $1 AND erased_at IS NULL", [id]
        ).map { try $0.decode("id", as: UUID.self) }
    }

    /// Marks `id` as merged into `target` and moves its cases and earlier merges there.
    func merge(_ id: UUID, into target: UUID, on connection: PostgresConnection) async throws {
        try await connection.query("UPDATE \"\(schema)\".persons SET merged_into = $2 WHERE id = $1 OR merged_into = $1", [id, target])
        try await connection.query("UPDATE \"\(schema)\".cases SET person_id = $2, updated_at = now() WHERE person_id = $1", [id, target])
    }
}
