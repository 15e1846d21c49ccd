import Contracts
import Eventing
import Foundation
import LogSafety
import Persistence
import ServiceKit

extension Registry {
    /// Hands the case `caseId` over to `toCity` (CONTRACT.md §7): the case is open and consents to
    /// `transfer`, the city is linked; its person is opened (audited) and sealed to that city's
    /// transfer key, the caseworker's reason sealed under the person's key, and
    /// `intake.case.transfer-requested.v1` tells the city's network service, all in one
    /// transaction (the caller's). The transfer waits `transferDays` for that city's answer.
    func requestTransfer(
        caseId: UUID, toCity: String, reason: String, access: StaffAccess, now: Date = Date(), on connection: PostgresConnection
    ) async throws -> Transfer {
        guard toCity != city else { throw IntakeError.transferToThisCity }
        guard let record = try await cases.load(caseId, lock: true, on: connection) else { throw IntakeError.caseNotFound }
        guard record.status == .open else { throw CaseRefusal.notOpen(record.status) }
        let granted = try await consents.current(caseId: caseId, on: connection)
            .filter { $0.granted && ($0.expiresAt.map { $0 > now } ?? true) }.map(\.purpose)
        guard granted.contains(.transfer) else { throw CaseRefusal.consentRequired(.transfer) }
        guard let key = try await transfers.key(of: toCity, on: connection) else { throw IntakeError.cityNotLinked(toCity) }
        guard try await !transfers.hasPending(caseId: caseId, on: connection) else { throw IntakeError.transferPending }
        guard case .present(_, let person, _, _) = try await persons.load(record.personId, on: connection) else {
            throw CaseRefusal.notOpen(.erased)
        }
        try await audit.record(
            "transfer", subject: Self.subject(record.personId), reason: "handed over to \(toCity) with case \(caseId.lowercased)",
            by: access.caller, requestID: access.requestID, on: connection)
        let transferId = UUID()
        let sealed = try TransferSeal.seal(try Wire.encode(TransferRecord(person)), to: key, transfer: transferId)
        let personKey = try await vault.key(for: PersonStore.ref(of: record.personId))
        let transfer = Transfer(
            id: transferId, direction: .outgoing, caseId: caseId, fromCity: city, toCity: toCity, status: .pending, requestedAt: now,
            expiresAt: now.addingTimeInterval(TimeInterval(transferDays * 86_400)), case: nil)
        try await transfers.insertOutgoing(
            transfer, sealedReason: (try personKey.seal(reason), personKey.personRef), by: access.caller.subject, on: connection)
        let facts = TransferredCase(
            needs: record.needs, vulnerabilities: record.vulnerabilities, language: record.language, priority: record.priority,
            consents: granted, sex: person.sex, ageBand: AgeBand(birthDate: person.birthDate, on: CalendarDate(now)),
            citizenship: person.citizenship)
        try await emit(
            CaseTransferRequested(
                transferId: transferId, caseId: caseId, fromCity: city, toCity: toCity, expiresAt: transfer.expiresAt, case: facts,
                sealedPerson: sealed),
            subject: "case/\(caseId.lowercased)", on: connection)
        return transfer
    }

    /// Keeps a linked city's transfer key (`network.link.declared.v1`), in the caller's transaction.
    func declareLink(_ link: NetworkLinkDeclared, at time: Date, on connection: PostgresConnection) async throws {
        try await transfers.declare(city: link.city, key: link.transferKey, at: time, on: connection)
    }

    /// Lists a case handed over to this city as pending (`network.case.transfer-requested.v1`),
    /// once, in the caller's transaction; one meant for another city is refused.
    func receiveTransfer(_ request: NetworkCaseTransferRequested, at time: Date, on connection: PostgresConnection) async throws {
        guard request.toCity == city else { throw TransferMisrouted(toCity: request.toCity) }
        guard request.case.isAcceptable else { throw TransferMalformed() }
        try await transfers.insertIncoming(request, receivedAt: time, on: connection)
    }

    /// A page of transfers of one direction and status, oldest first.
    func transferList(direction: Transfer.Direction?, status: Transfer.Status?, page: PageRequest) async throws -> Page<Transfer> {
        let (items, next) = try await transfers.list(
            direction: direction, status: status, cursor: page.cursor, limit: page.limit, database: database)
        return Page(items: items, nextCursor: next.map(String.init))
    }
}

/// A transfer for another city reached this one: it is dead-lettered, never listed.
struct TransferMisrouted: Error, CustomStringConvertible, LogSafeError {
    let toCity: String
    var description: String { "a transfer for \(toCity) reached this city" }
}

/// A transfer whose case breaks this city's vocabulary (a need, consent or language it does not
/// know): it is dead-lettered, never listed.
struct TransferMalformed: Error, CustomStringConvertible, LogSafeError {
    var description: String { "a transfer's case names a need, vulnerability, consent, language or country this city does not know" }
}

// MARK: - The answer

extension Registry {
    /// What accepting a case handed over here made: its person (with the persons here who may
    /// be the same human) and its case.
    struct Accepted: Sendable {
        let caseId: UUID
        let personId: UUID
        let possibleDuplicates: [DuplicateCandidate]
    }

    /// Accepts the case `id` handed over to this city: its person opened with this city's
    /// transfer key and recorded (possible duplicates looked for among this city's persons), its
    /// case registered with the needs and consents it carried (so this city's services act on
    /// it), the answer sent back, all in one transaction.
    func acceptTransfer(_ id: UUID, access: StaffAccess, now: Date = Date()) async throws -> Accepted {
        let accepted: Accepted? = try await database.withTransaction { connection in
            guard let pending = try await pendingIncoming(id, now: now, on: connection) else { return nil }
            guard let transferKey, let opened = try? TransferSeal.open(pending.sealed, with: transferKey, transfer: id),
                let record = try? Wire.decode(TransferRecord.self, from: opened)
            else { throw IntakeError.transferUnopenable }
            let person: Person
            do { person = try NewPerson(record).validated(today: CalendarDate(now)) } catch let problem as Problem {
                throw IntakeError.transferBreaksRules(problem.errors.map(\.field))
            }
            let personId = try await create(person, access: access, on: connection)
            let duplicates = try await persons.duplicates(of: person, excluding: personId, access: access, audit: audit, on: connection)
            let caseId = try await register(
                personId: personId, channel: .transfer, language: pending.facts.language, needs: pending.facts.needs,
                vulnerabilities: pending.facts.vulnerabilities, summary: nil, purposes: pending.facts.consents, access: access, on: connection
            ).id
            try await transfers.answer(id, status: .accepted, caseId: caseId, personId: personId, at: now, on: connection)
            try await emit(
                CaseTransferAnswered(transferId: id, fromCity: pending.fromCity, toCity: city, caseId: caseId, rejection: nil),
                subject: "case/\(caseId.lowercased)", on: connection)
            return Accepted(caseId: caseId, personId: personId, possibleDuplicates: duplicates)
        }
        guard let accepted else { throw IntakeError.transferNotPending(Transfer.Status.expired.rawValue) }
        return accepted
    }

    /// Refuses the case `id` handed over to this city, for `reason`; its sealed person is
    /// forgotten and the answer sent back.
    func rejectTransfer(_ id: UUID, reason: TransferRejection, now: Date = Date()) async throws {
        let answered = try await database.withTransaction { connection in
            guard let pending = try await pendingIncoming(id, now: now, on: connection) else { return false }
            try await transfers.answer(id, status: .rejected, rejection: reason, at: now, on: connection)
            try await outbox.append(
                CaseTransferAnswered(transferId: id, fromCity: pending.fromCity, toCity: city, caseId: nil, rejection: reason),
                subject: "transfer/\(id.lowercased)", on: connection)
            return true
        }
        guard answered else { throw IntakeError.transferNotPending(Transfer.Status.expired.rawValue) }
    }

    /// The pending transfer `id` handed over here, locked; `nil` when its time ran out, after
    /// marking it expired (the caller commits that, and refuses).
    private func pendingIncoming(_ id: UUID, now: Date, on connection: PostgresConnection) async throws -> (
        fromCity: String, expiresAt: Date, facts: TransferredCase, sealed: SealedPerson
    )? {
        guard let pending = try await transfers.pendingIncoming(id, on: connection) else {
            guard let status = try await transfers.status(of: id, direction: .incoming, on: connection) else { throw IntakeError.transferNotFound }
            throw IntakeError.transferNotPending(status.rawValue)
        }
        guard pending.expiresAt > now else {
            try await transfers.answer(id, status: .expired, at: now, on: connection)
            return nil
        }
        return pending
    }

    /// The city a case was handed over to accepted it (`network.case.transfer-accepted.v1`): the
    /// case is `transferred` (the city's services release what they held, as on closure) and,
    /// unless the person has another open case here, this city's copy of the person is
    /// crypto-shredded; in the caller's transaction, once.
    func transferAccepted(_ answer: NetworkCaseTransferAccepted, envelope: EventEnvelope, on connection: PostgresConnection) async throws {
        // That city accepted it before its expiry, by the same `expiresAt`: an answer delayed past
        // this city's expiry sweep still hands the case over.
        guard let caseId = try await transfers.pendingOutgoing(answer.transferId, orExpired: true, on: connection) else { return }
        try await transfers.answer(answer.transferId, status: .accepted, at: envelope.time, on: connection)
        guard var record = try await cases.load(caseId, lock: true, on: connection), record.status == .open || record.status == .closed else {
            return
        }
        record.status = .transferred
        record.updatedAt = envelope.time
        record.version += 1
        try await cases.update(record, on: connection)
        try await emit(
            CaseUpdated(
                caseId: caseId, needs: record.needs, vulnerabilities: record.vulnerabilities, status: .transferred, priority: record.priority,
                caseVersion: record.version),
            subject: "case/\(caseId.lowercased)", on: connection)
        try await timeline.note(caseId: caseId, envelope: envelope, on: connection) { language in
            switch language {
            case .en: "Handed over to \(answer.toCity), which accepted it: the case is transferred there."
            case .ru: "Дело передано в город \(answer.toCity), он его принял: дело теперь там."
            case .ky: "Иш \(answer.toCity) шаарына өткөрүлдү, ал кабыл алды: иш эми ошол жакта."
            }
        }
        let others = try await cases.openCases(of: record.personId, on: connection).filter { $0 != caseId }
        guard others.isEmpty, case .present = try await persons.load(record.personId, lock: true, on: connection) else { return }
        try await persons.erase(record.personId, on: connection)
        try await audit.record(
            "shred", subject: Self.subject(record.personId), reason: "case \(caseId.lowercased) handed over to \(answer.toCity)",
            by: StaffIdentity(subject: "network", roles: [], city: city, partner: nil), requestID: nil, on: connection)
    }

    /// The city a case was handed over to refused it (`network.case.transfer-rejected.v1`): the
    /// case stays open here, and its timeline says why; in the caller's transaction, once.
    func transferRejected(_ answer: NetworkCaseTransferRejected, envelope: EventEnvelope, on connection: PostgresConnection) async throws {
        guard let caseId = try await transfers.pendingOutgoing(answer.transferId, on: connection) else { return }
        try await transfers.answer(answer.transferId, status: .rejected, rejection: answer.reason, at: envelope.time, on: connection)
        try await timeline.note(caseId: caseId, envelope: envelope, on: connection) { language in
            let reason = language.words(answer.reason.rawValue)
            return switch language {
            case .en: "\(answer.toCity) refused the handover (\(reason)): the case stays open here."
            case .ru: "Город \(answer.toCity) отказался принять дело (\(reason)): дело остаётся открытым здесь."
            case .ky: "\(answer.toCity) шаары ишти кабыл алган жок (\(reason)): иш бул жерде ачык калат."
            }
        }
    }
}

// MARK: - Cancellation and expiry

extension Registry {
    /// Cancels the case's handover that waits for an answer, if any, and tells the receiving
    /// city (`intake.case.transfer-cancelled.v1`): its `transfer` consent was withdrawn, or the
    /// case closed or erased; in the caller's transaction.
    func cancelTransfer(of caseId: UUID, on connection: PostgresConnection) async throws {
        guard let pending = try await transfers.pendingOutgoing(caseOf: caseId, on: connection) else { return }
        try await transfers.answer(pending.id, status: .cancelled, at: Date(), on: connection)
        try await emit(
            CaseTransferCancelled(transferId: pending.id, caseId: caseId, fromCity: city, toCity: pending.toCity),
            subject: "case/\(caseId.lowercased)", on: connection)
    }

    /// The sending city cancelled a case handed over here (`network.case.transfer-cancelled.v1`):
    /// it is no longer pending, and its sealed person is forgotten; a cancellation that arrives
    /// before its request (a retry can reorder them) is kept, so that the request, when it comes,
    /// is not listed. In the caller's transaction.
    func transferCancelled(_ cancelled: NetworkCaseTransferCancelled, at time: Date, on connection: PostgresConnection) async throws {
        guard try await transfers.pendingIncoming(cancelled.transferId, on: connection) != nil else {
            try await transfers.insertCancelledIncoming(cancelled, at: time, on: connection)
            return
        }
        try await transfers.answer(cancelled.transferId, status: .cancelled, at: time, on: connection)
    }

    /// Marks every transfer still waiting for its answer at `now` past its expiry as expired (an
    /// incoming one forgets its sealed person; an outgoing one says so on its case's timeline,
    /// `intake.case.transfer-expired.v1`); returns how many.
    func expireTransfers(at now: Date) async throws -> Int {
        try await database.withTransaction { connection in
            let expired = try await transfers.expire(at: now, on: connection)
            for (id, outgoing) in expired {
                guard let outgoing else { continue }
                try await emit(
                    CaseTransferExpired(transferId: id, caseId: outgoing.caseId, toCity: outgoing.toCity, expiresAt: outgoing.expiresAt),
                    subject: "case/\(outgoing.caseId.lowercased)", on: connection)
            }
            return expired.count
        }
    }
}
