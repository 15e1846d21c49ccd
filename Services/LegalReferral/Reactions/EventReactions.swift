import Contracts
import Eventing
import Foundation
import Persistence
import ServiceKit

/// What legal-referral does with the events it subscribes to, each in the inbox transaction:
/// a case that comes to need legal help with consent gets a referral; a withdrawn consent or a
/// closed case withdraws them, an erasure forgets them too; unpaid wages become a complaint and
/// a referral; the other cities' employer flags join the flagged list.
struct EventReactions: Sendable {
    let aid: LegalAid

    /// The handlers by event type, for the service's consumer.
    var handlers: [String: EventHandler] {
        let work = CaseWork(
            need: .legal,
            start: { known, envelope, connection in
                try await referIfOpenNone(known.caseId, issue: LegalIssue(vulnerabilities: known.vulnerabilities), now: envelope.time, on: connection)
            },
            stop: { caseId, reason, envelope, connection in
                try await aid.withdrawAll(caseId: caseId, reason: reason.rawValue, now: envelope.time, on: connection)
            },
            forget: { caseId, envelope, connection in try await aid.forget(caseId: caseId, now: envelope.time, on: connection) })
        return aid.cases.handlers(work).merging([
            WageArrearsReported.type: { envelope, connection in
                let data = try envelope.decodeData(as: WageArrearsReported.self)
                // Without legal consent (or for a case not open) neither the complaint nor the
                // referral is made: the arrears stay with the labor exchange.
                guard try await aid.cases.load(data.caseId, lock: .update, on: connection)?.permits(.legal) == true else { return }
                try await aid.file(
                    Complaint(id: UUID(), taxId: data.taxId, kind: .unpaidWages, caseId: data.caseId, amount: data.amount, filedAt: envelope.time),
                    actor: "labor-exchange", on: connection)
                try await referIfOpenNone(data.caseId, issue: .unpaidWages, now: envelope.time, on: connection)
            },
            NetworkEmployerFlagged.type: { envelope, connection in
                let data = try envelope.decodeData(as: NetworkEmployerFlagged.self)
                try await aid.recordNetworkDecision(
                    EmployerFlag(
                        taxId: data.taxId, flagged: true, reason: data.reason, evidenceCount: data.evidenceCount, changedAt: data.decidedAt,
                        city: data.city), on: connection)
            },
            NetworkEmployerCleared.type: { envelope, connection in
                let data = try envelope.decodeData(as: NetworkEmployerCleared.self)
                try await aid.recordNetworkDecision(
                    EmployerFlag(
                        taxId: data.taxId, flagged: false, reason: data.reason, evidenceCount: data.evidenceCount, changedAt: data.decidedAt,
                        city: data.city), on: connection)
            },
        ]) { first, _ in first }
    }

    private func referIfOpenNone(_ caseId: UUID, issue: LegalIssue, now: Date, on connection: PostgresConnection) async throws {
        do {
            _ = try await aid.openReferral(caseId: caseId, issue: issue, partnerId: nil, actor: "router", now: now, on: connection)
        } catch ReferralError.alreadyOpen {
            return
        }
    }
}
