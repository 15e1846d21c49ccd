import Contracts
import Eventing
import Foundation
import HTTPTypes
import Hummingbird
import Persistence
import ServiceKit

/// Intake's HTTP API (CONTRACT.md §4): persons, cases, consents, the hotline log, timelines.
///
/// The routes live in one file per resource (`PersonRoutes.swift`, `CaseRoutes.swift`, ...).
struct IntakeAPI: Sendable {
    let database: PostgresPool
    let vault: PersonalDataVault
    let idempotency: IdempotentCreation
    let persons: PersonStore
    let cases: CaseStore
    let consents: ConsentStore
    let hotline: HotlineStore
    let timeline: TimelineStore
    let outbox: Outbox
    let audit: AuditLog

    init(environment: ServiceEnvironment) {
        let vault = environment.requiredVault
        let schema = environment.schema
        database = environment.database
        self.vault = vault
        idempotency = IdempotentCreation(schema: schema, secret: environment.configuration.tokenSecret)
        persons = PersonStore(schema: schema, vault: vault)
        cases = CaseStore(schema: schema)
        consents = ConsentStore(schema: schema)
        hotline = HotlineStore(schema: schema)
        timeline = TimelineStore(schema: schema)
        outbox = environment.outbox
        audit = environment.audit
    }

    func addRoutes(to router: Router<JardamRequestContext>) {
        addPersonRoutes(to: router)
        addCaseRoutes(to: router)
        addConsentRoutes(to: router)
        addHotlineRoutes(to: router)
        addTimelineRoutes(to: router)
    }

    /// Appends an event about a case to the outbox and to the case's timeline, in the caller's
    /// transaction.
    func emit(_ data: some EventData, subject: String, on connection: PostgresConnection) async throws {
        try await timeline.record(data, as: try await outbox.append(data, subject: subject, on: connection), on: connection)
    }
}

/// Who reads or changes personal data, in which request, and why: what the audit log records.
struct StaffAccess: Sendable {
    let caller: StaffIdentity
    let requestID: String
    /// The `Jardam-Access-Reason` header, if the caller gave one.
    let reason: String?

    init(caller: StaffIdentity, request: Request, context: JardamRequestContext) {
        self.caller = caller
        requestID = context.id
        reason = request.headers[.accessReason].map { String($0.prefix(200)) }
    }
}

extension HTTPField.Name {
    /// Why staff open a person's record (`Jardam-Access-Reason: hotline call back`); kept in the audit.
    static let accessReason = Self("Jardam-Access-Reason")!
}
