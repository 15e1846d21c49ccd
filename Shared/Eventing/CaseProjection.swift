import Contracts
import Foundation
import Persistence

/// The `cases` table of every service that acts on intake's cases (Eventing migrations 5 and 7),
/// kept from `intake.case.*`, `intake.consent.changed.v1` and `intake.person.*` events in any
/// order (``KnownCase`` holds the rules).
public struct CaseProjection: Sendable {
    public let schema: String

    public init(schema: String) { self.schema = schema }

    private static let columns =
        "case_id, registered_at IS NOT NULL AS registered, person_ref, language, sex, age_band, needs, vulnerabilities, consents, status, version, state_version, consent_versions"

    /// How ``load(_:lock:on:)`` holds the case for the rest of the caller's transaction.
    public enum Lock: String, Sendable {
        /// Not at all.
        case none = ""
        /// Locked, waiting for whoever holds it.
        case update = "FOR UPDATE"
        /// Locked, or `nil` at once when someone else holds it.
        case unlessBusy = "FOR UPDATE SKIP LOCKED"
    }

    /// The case as this service knows it, or `nil` when nothing was heard of it.
    ///
    /// A case this transaction has locked already is read from what the transaction holds
    /// (``take(_:on:)``, ``takeAll(_:on:)``): no one else can have changed it.
    public func load(_ caseId: UUID, lock: Lock = .none, on connection: PostgresConnection) async throws -> KnownCase? {
        if let held = held(on: connection)[caseId] { return held }
        let known = try await connection.query(
            "SELECT \(Self.columns) FROM \"\(schema)\".cases WHERE case_id = $1 \(lock.rawValue)", [caseId]
        ).first.map(Self.knownCase)
        if lock != .none, let known { hold([known], on: connection) }
        return known
    }

    /// The case, locked for the rest of the transaction; a case never heard of gets its row now,
    /// so that events arriving before its registration are kept.
    func take(_ caseId: UUID, on connection: PostgresConnection) async throws -> KnownCase {
        if let held = held(on: connection)[caseId] { return held }
        return try await takeAll([caseId], on: connection).first ?? KnownCase(unheardOf: caseId)
    }

    /// The cases, locked for the rest of the transaction in the order of their ids (so that two
    /// transactions taking several wait for each other rather than deadlock), with one statement;
    /// later ``take(_:on:)`` and ``load(_:lock:on:)`` of them in the transaction read what it holds.
    @discardableResult
    func takeAll(_ caseIds: [UUID], on connection: PostgresConnection) async throws -> [KnownCase] {
        let ids = Set(caseIds).subtracting(held(on: connection).keys).map(\.lowercased).sorted()
        guard !ids.isEmpty else { return [] }
        let taken = try await connection.query(
            """
            INSERT INTO "\(schema)".cases AS c (case_id, needs, vulnerabilities, status)
            SELECT id, '{}', '{}', 'open' FROM unnest($1::text[]::uuid[]) AS id ORDER BY id
            ON CONFLICT (case_id) DO UPDATE SET case_id = c.case_id
            RETURNING \(Self.columns)
            """, [ids]
        ).map(Self.knownCase)
        hold(taken, on: connection)
        return taken
    }

    /// Takes, with one statement, the cases that `envelopes` of intake's case events are about
    /// (the consumer calls it for a batch before handling its events one by one).
    public func takeAll(about envelopes: [EventEnvelope], on connection: PostgresConnection) async throws {
        let ids = envelopes.compactMap { envelope in
            Self.caseEventTypes.contains(envelope.type) ? try? Wire.decode(AboutCase.self, from: envelope.data).caseId : nil
        }
        if ids.count > 1 { try await takeAll(ids, on: connection) }
    }

    /// The types of intake's events about one case, whose data names it in `caseId`.
    private static let caseEventTypes: Set = [CaseRegistered.type, CaseUpdated.type, ConsentChanged.type]

    /// Only the case an event is about: its handler decodes (and checks) the whole data.
    private struct AboutCase: Decodable {
        let caseId: UUID
    }

    /// The cases this transaction holds locked, as it last stored them.
    private func held(on connection: PostgresConnection) -> [UUID: KnownCase] {
        connection.transactionLocals[heldKey, as: [UUID: KnownCase].self] ?? [:]
    }

    private func hold(_ cases: [KnownCase], on connection: PostgresConnection) {
        var held = held(on: connection)
        for known in cases { held[known.caseId] = known }
        connection.transactionLocals[heldKey] = held
    }

    private var heldKey: String { "\(schema).cases" }

    /// Stores what `known` now says; `at` is when the registration arrived, if it did now. The
    /// row is written with the transaction's other stores in one statement (``BatchWrite``), before
    /// anything else reads the table and at the latest with the `COMMIT`.
    func store(_ known: KnownCase, at time: Date, on connection: PostgresConnection) async throws {
        hold([known], on: connection)
        try await connection.write(
            stores,
            [
                known.caseId, known.personRef, known.registered ? known.language : nil, known.registered ? known.sex : nil, known.needs,
                known.vulnerabilities, known.consents, known.status, known.version, known.stateVersion,
                try PostgresJSON(known.consentVersions), known.registered, time, known.ageBand,
            ])
    }

    /// The projection's rows as ``store(_:at:on:)`` writes them (array columns travel as text).
    private var stores: BatchWrite {
        BatchWrite(
            schema: schema, table: "cases",
            columns: [
                .init("case_id", "uuid"), .init("person_ref", "text"), .init("language", "text"), .init("sex", "text"),
                .init("needs", "text"), .init("vulnerabilities", "text"), .init("consents", "text"), .init("status", "text"),
                .init("version", "int4"), .init("state_version", "int4"), .init("consent_versions", "jsonb"), .init("registered", "bool"),
                .init("at", "timestamptz"), .init("age_band", "text"),
            ],
            form: .update(
                set: """
                    person_ref = u.person_ref, language = u.language, sex = u.sex, needs = u.needs::text[],
                    vulnerabilities = u.vulnerabilities::text[], consents = u.consents::text[], status = u.status, version = u.version,
                    state_version = u.state_version, consent_versions = u.consent_versions,
                    registered_at = CASE WHEN u.registered THEN COALESCE(t.registered_at, u.at) END, age_band = u.age_band
                    """))
    }

    /// The cases known with `personRef`.
    func cases(of personRef: String, on connection: PostgresConnection) async throws -> [UUID] {
        try await connection.query("SELECT case_id FROM \"\(schema)\".cases WHERE person_ref = $1", [personRef]).map { try $0.decode("case_id") }
    }

    /// Re-points the cases of a merged person.
    func merge(personRef: String, into target: String, on connection: PostgresConnection) async throws {
        connection.transactionLocals[heldKey, as: [UUID: KnownCase].self] = nil
        try await connection.query(
            "UPDATE \"\(schema)\".cases SET person_ref = $2 WHERE person_ref = $1 AND status <> 'erased'", [personRef, target])
    }

    private static func knownCase(_ row: PostgresRow) throws -> KnownCase {
        KnownCase(
            caseId: try row.decode("case_id"), registered: try row.decode("registered"), personRef: try row.decode("person_ref"),
            language: try row.decode("language", as: String?.self) ?? "", sex: try row.decode("sex", as: Sex?.self) ?? .unknown,
            ageBand: try row.decode("age_band"),
            needs: try row.decode("needs"), vulnerabilities: try row.decode("vulnerabilities"), consents: try row.decode("consents"),
            status: try row.decode("status"), version: try row.decode("version"), stateVersion: try row.decode("state_version"),
            consentVersions: try row.decode("consent_versions", as: PostgresJSON<[String: Int]>.self).value)
    }
}

extension ServiceIdentity {
    /// Whether the service keeps a ``CaseProjection``: it consumes intake's case registrations.
    public var keepsCaseProjection: Bool { subscriptions.contains(CaseRegistered.type) }
}
