import Contracts
import Foundation
import Persistence

/// A case as intake announced it, without anything personal: what the other services need to
/// act on it (its needs and consents) and to count it (language, sex).
public struct KnownCase: Sendable, Equatable {
    public let caseId: UUID
    /// The pseudonymous person reference; `nil` once the person was erased.
    public let personRef: String?
    public let language: String
    public let sex: Sex
    public let needs: [Need]
    public let vulnerabilities: [Vulnerability]
    /// The purposes consented to now.
    public let consents: [ConsentPurpose]
    public let status: CaseStatus

    /// Whether the service of `need` may act: the case is open, needs it and consents to it.
    public func wants(_ need: Need) -> Bool { needs.contains(need) && consents.contains(need.consentPurpose) && status == .open }
}

/// The `cases` table of every service that acts on intake's cases (Eventing migration 5),
/// kept from `intake.case.*`, `intake.consent.changed.v1` and `intake.person.*` events.
public struct CaseProjection: Sendable {
    public let schema: String

    public init(schema: String) { self.schema = schema }

    /// Records a newly registered case (once: a redelivery changes nothing).
    public func register(_ data: CaseRegistered, at time: Date, on connection: PostgresConnection) async throws {
        try await connection.query(
            """
            INSERT INTO "\(schema)".cases (case_id, person_ref, language, sex, needs, vulnerabilities, consents, status, registered_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
            ON CONFLICT (case_id) DO NOTHING
            """,
            [data.caseId, data.personRef, data.language, data.sex, data.needs, data.vulnerabilities, data.consents ?? [], CaseStatus.open, time])
    }

    /// Takes a case's new needs, vulnerabilities and status.
    public func update(_ data: CaseUpdated, on connection: PostgresConnection) async throws {
        try await connection.query(
            "UPDATE \"\(schema)\".cases SET needs = $2, vulnerabilities = $3, status = $4 WHERE case_id = $1",
            [data.caseId, data.needs, data.vulnerabilities, data.status])
    }

    /// Adds or removes `purpose` from the case's consents.
    public func consent(_ caseId: UUID, purpose: ConsentPurpose, granted: Bool, on connection: PostgresConnection) async throws {
        try await connection.query(
            """
            UPDATE "\(schema)".cases SET consents = CASE WHEN $3 THEN array_append(array_remove(consents, $2), $2)
                ELSE array_remove(consents, $2) END
            WHERE case_id = $1
            """, [caseId, purpose, granted])
    }

    /// Forgets the person behind `personRef`; returns their cases.
    public func forget(personRef: String, on connection: PostgresConnection) async throws -> [UUID] {
        try await connection.query(
            "UPDATE \"\(schema)\".cases SET person_ref = NULL WHERE person_ref = $1 RETURNING case_id", [personRef]
        ).map { try $0.decode("case_id") }
    }

    /// Re-points the cases of a merged person.
    public func merge(personRef: String, into target: String, on connection: PostgresConnection) async throws {
        try await connection.query("UPDATE \"\(schema)\".cases SET person_ref = $2 WHERE person_ref = $1", [personRef, target])
    }

    /// The case, or `nil` when intake never announced it; `lock` takes it for update.
    public func load(_ caseId: UUID, lock: Bool = false, on connection: PostgresConnection) async throws -> KnownCase? {
        try await connection.query(
            "SELECT case_id, person_ref, language, sex, needs, vulnerabilities, consents, status FROM \"\(schema)\".cases WHERE case_id = $1 \(lock ? "FOR UPDATE" : "")",
            [caseId]
        ).first.map { row in
            KnownCase(
                caseId: try row.decode("case_id"), personRef: try row.decode("person_ref"), language: try row.decode("language"),
                sex: try row.decode("sex"),
                needs: try row.decode("needs"), vulnerabilities: try row.decode("vulnerabilities"), consents: try row.decode("consents"),
                status: try row.decode("status"))
        }
    }
}

extension ServiceIdentity {
    /// Whether the service keeps a ``CaseProjection``: it consumes intake's case registrations.
    public var keepsCaseProjection: Bool { subscriptions.contains(CaseRegistered.type) }
}

/// What a service does once its ``CaseProjection`` has taken one of intake's events, in the
/// same inbox transaction. Each defaults to nothing.
public struct CaseReactions: Sendable {
    public typealias Reaction<Data> = @Sendable (Data, EventEnvelope, PostgresConnection) async throws -> Void

    /// A case was registered (and recorded).
    public var registered: Reaction<CaseRegistered> = { _, _, _ in }
    /// A case's needs, vulnerabilities or status changed.
    public var updated: Reaction<CaseUpdated> = { _, _, _ in }
    /// A consent was given or withdrawn.
    public var consentChanged: Reaction<ConsentChanged> = { _, _, _ in }
    /// A person was erased: the cases that were theirs (now forgotten).
    public var erased: Reaction<[UUID]> = { _, _, _ in }

    public init() {}
}

extension CaseProjection {
    /// Handlers for intake's case events: each updates the projection, then runs the reaction.
    public func handlers(_ reactions: CaseReactions) -> [String: EventHandler] {
        [
            CaseRegistered.type: { envelope, connection in
                let data = try envelope.decodeData(as: CaseRegistered.self)
                try await register(data, at: envelope.time, on: connection)
                try await reactions.registered(data, envelope, connection)
            },
            CaseUpdated.type: { envelope, connection in
                let data = try envelope.decodeData(as: CaseUpdated.self)
                try await update(data, on: connection)
                try await reactions.updated(data, envelope, connection)
            },
            ConsentChanged.type: { envelope, connection in
                let data = try envelope.decodeData(as: ConsentChanged.self)
                try await consent(data.caseId, purpose: data.purpose, granted: data.granted, on: connection)
                try await reactions.consentChanged(data, envelope, connection)
            },
            PersonErased.type: { envelope, connection in
                let data = try envelope.decodeData(as: PersonErased.self)
                try await reactions.erased(try await forget(personRef: data.personRef, on: connection), envelope, connection)
            },
            PersonMerged.type: { envelope, connection in
                let data = try envelope.decodeData(as: PersonMerged.self)
                try await merge(personRef: data.personRef, into: data.intoPersonRef, on: connection)
            },
        ]
    }
}
