import Contracts
import Eventing
import Foundation
import Persistence
import ServiceKit

/// Intake's core: persons (sealed, every read audited), cases, consents, the hotline log, case
/// timelines. It knows nothing of HTTP; it throws ``IntakeError``s, runs its transactions and
/// writes its events to the outbox (and the case's timeline) in them. Routes (`Routes/`) and
/// reactions (`Reactions/`) call it.
struct Registry: Sendable {
    let database: PostgresPool
    let vault: PersonalDataVault
    let persons: PersonStore
    let cases: CaseStore
    let consents: ConsentStore
    let hotline: HotlineStore
    let timeline: TimelineStore
    let outbox: Outbox
    let audit: AuditLog
    let transfers: TransferStore
    /// This city (`JARDAM_CITY`).
    let city: String
    /// Days a case handed over to another city waits for its answer.
    let transferDays: Int
    /// This city's transfer private key, which opens the persons handed over here.
    let transferKey: Data?

    init(environment: ServiceEnvironment, transferDays: Int = 7, transferKey: Data? = nil) {
        let vault = environment.requiredVault
        let schema = environment.schema
        database = environment.database
        self.vault = vault
        persons = PersonStore(schema: schema, vault: vault)
        cases = CaseStore(schema: schema)
        consents = ConsentStore(schema: schema)
        hotline = HotlineStore(schema: schema)
        timeline = TimelineStore(schema: schema)
        outbox = environment.outbox
        audit = environment.audit
        transfers = TransferStore(schema: schema)
        city = environment.configuration.city
        self.transferDays = transferDays
        self.transferKey = transferKey
    }

    /// Appends an event about a case to the outbox and to the case's timeline, in the caller's
    /// transaction.
    func emit(_ data: some EventData, subject: String, on connection: PostgresConnection) async throws {
        try await timeline.record(data, as: try await outbox.append(data, subject: subject, on: connection), on: connection)
    }

    /// How persons are named in the audit log and in event subjects.
    static func subject(_ id: UUID) -> String { "person/\(PersonStore.ref(of: id))" }
}
