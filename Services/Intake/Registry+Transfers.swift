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
