import Contracts
import Foundation
import Persistence
import ServiceKit

extension Registry {
    /// Writes a new case, its first consents and `intake.case.registered.v1` in the caller's
    /// transaction; the person's birth date is opened (and audited) only to give the age band.
    /// Returns the case as ``caseView(_:access:)`` without access shows it (no summary).
    func register(
        personId: UUID, channel: Channel, language: String, needs: [Need], vulnerabilities: [Vulnerability], summary: String?,
        purposes: [ConsentPurpose], access: StaffAccess, on connection: PostgresConnection
    ) async throws -> CaseView {
        let person: Person
        switch try await persons.load(personId, on: connection) {
        case nil: throw IntakeError.unknownPerson
        case .erased: throw IntakeError.erasedPerson
        case .present(_, _, _, let mergedInto?): throw IntakeError.mergedPerson(into: mergedInto)
        case .present(_, let found, _, nil): person = found
        }
        let now = Date().roundedForPostgres
        let id = UUID()
        var sealedSummary: (Data, String)?
        if let summary {
            let key = try await vault.key(for: PersonStore.ref(of: personId))
            sealedSummary = (try key.seal(summary), key.personRef)
        }
        let record = CaseRecord(
            id: id, personId: personId, channel: channel, language: language, needs: needs, vulnerabilities: vulnerabilities, status: .open,
            priority: Priority(vulnerabilities: Set(vulnerabilities)), version: 1, createdAt: now, updatedAt: now, sealedSummary: sealedSummary)
        try await cases.insert(record, by: access.caller.subject, on: connection)
        let granted = try await consents.grant(purposes, caseId: id, at: now, by: access.caller.subject, on: connection)
        if person.birthDate != nil {
            try await audit.record(
                "read-birth-date", subject: Self.subject(personId), reason: "age band of case \(id.lowercased)", by: access.caller,
                requestID: access.requestID, on: connection)
        }
        try await emit(
            CaseRegistered(
                caseId: id, personRef: PersonStore.ref(of: personId), channel: channel, language: language, sex: person.sex,
                ageBand: AgeBand(birthDate: person.birthDate, on: CalendarDate(now)), citizenship: person.citizenship, needs: needs,
                vulnerabilities: vulnerabilities, priority: record.priority, consents: purposes, caseVersion: record.version),
            subject: "case/\(id.lowercased)", on: connection)
        return CaseView(record, consents: granted)
    }

    /// The case with its consents; with `access` (staff who may read it), its summary too,
    /// opened and audited.
    func caseView(_ id: UUID, access: StaffAccess?) async throws -> CaseView {
        try await database.withTransaction { connection in
            guard let record = try await cases.load(id, on: connection) else { throw IntakeError.caseNotFound }
            let current = try await consents.current(caseId: id, on: connection)
            guard let access, let sealed = record.sealedSummary else { return CaseView(record, consents: current) }
            let summary: String?
            do {
                summary = try await vault.key(for: sealed.sealedFor).open(sealed.data)
            } catch VaultError.erased {
                summary = nil
            }
            try await audit.record(
                "read-summary", subject: "case/\(id.lowercased)", reason: access.reason, by: access.caller, requestID: access.requestID,
                on: connection)
            return CaseView(record, consents: current, summary: summary)
        }
    }

    /// A page of cases that `filter` selects, without personal data.
    func cases(_ filter: CaseFilter, page: PageRequest) async throws -> Page<CaseView> {
        let (records, next) = try await cases.list(filter, page: page, database: database)
        return Page(items: records.map { CaseView($0, consents: nil) }, nextCursor: next.map(String.init))
    }

    /// Changes a case's needs, vulnerabilities or status (only those given), recomputes its
    /// priority and announces the change; a closed case stays as it was closed
    /// (``IntakeError/caseClosed``), an erased or transferred one as it is
    /// (``IntakeError/caseNotOpen(_:)``). Returns the case.
    func change(_ id: UUID, needs: [Need]?, vulnerabilities: [Vulnerability]?, status: CaseStatus?) async throws -> CaseView {
        try await database.withTransaction { connection in
            guard var record = try await cases.load(id, lock: true, on: connection) else { throw IntakeError.caseNotFound }
            if ![.open, .closed].contains(record.status) { throw IntakeError.caseNotOpen(record.status) }
            let before = (record.needs, record.vulnerabilities, record.status)
            if record.status == .closed {
                guard (needs ?? record.needs) == record.needs, (vulnerabilities ?? record.vulnerabilities) == record.vulnerabilities,
                    (status ?? .closed) == .closed
                else { throw IntakeError.caseClosed }
            }
            record.needs = needs ?? record.needs
            record.vulnerabilities = vulnerabilities ?? record.vulnerabilities
            record.status = status ?? record.status
            guard (record.needs, record.vulnerabilities, record.status) != before else { return }
            record.priority = Priority(vulnerabilities: Set(record.vulnerabilities))
            record.updatedAt = Date()
            record.version += 1
            try await cases.update(record, on: connection)
            if record.status == .closed { try await cancelTransfer(of: id, on: connection) }
            try await emit(
                CaseUpdated(
                    caseId: id, needs: record.needs, vulnerabilities: record.vulnerabilities, status: record.status, priority: record.priority,
                    caseVersion: record.version),
                subject: "case/\(id.lowercased)", on: connection)
        }
        return try await caseView(id, access: nil)
    }

    /// Gives the open or closed case `id` to `assignee` (`nil`: nobody), if `caller` may
    /// (``CaseAssignment``); no event: who works a case concerns this city's staff only.
    func assign(_ id: UUID, to assignee: String?, by caller: StaffIdentity) async throws -> CaseView {
        try await database.withTransaction { connection in
            guard let record = try await cases.load(id, lock: true, on: connection) else { throw IntakeError.caseNotFound }
            if ![.open, .closed].contains(record.status) { throw IntakeError.caseNotOpen(record.status) }
            guard CaseAssignment.allows(caller, from: record.assignee, to: assignee) else { throw IntakeError.assignmentRefused }
            try await cases.assign(id, to: assignee, on: connection)
        }
        return try await caseView(id, access: nil)
    }

    /// The case's timeline, oldest first, in `language`.
    func timeline(of caseId: UUID, in language: TimelineLanguage, page: PageRequest) async throws -> Page<TimelineItem> {
        guard try await database.withConnection({ try await cases.load(caseId, on: $0) }) != nil else { throw IntakeError.caseNotFound }
        return try await timeline.list(caseId: caseId, language: language, page: page, database: database)
    }
}
