import Contracts
import Eventing
import Foundation
import Persistence
import ServiceKit

/// What legal-referral does with the events it subscribes to, each in the inbox transaction:
/// cases that need legal help and consent to it get a referral, a withdrawn consent, a closed
/// case or an erasure withdraws them, unpaid wages become a complaint and a referral.
struct EventReactions: Sendable {
    let aid: LegalAid

    /// The handlers by event type, for the service's consumer.
    var handlers: [String: EventHandler] {
        var reactions = CaseReactions()
        reactions.registered = { data, envelope, connection in
            try await referIfNeeded(data.caseId, now: envelope.time, on: connection)
        }
        reactions.updated = { data, envelope, connection in
            if data.status != .open || !data.needs.contains(.legal) {
                let reason = data.status != .open ? "case closed" : "legal help no longer needed"
                try await aid.withdrawAll(caseId: data.caseId, reason: reason, now: envelope.time, on: connection)
            } else {
                try await referIfNeeded(data.caseId, now: envelope.time, on: connection)
            }
        }
        reactions.consentChanged = { data, envelope, connection in
            guard data.purpose == Need.legal.consentPurpose else { return }
            if data.granted {
                try await referIfNeeded(data.caseId, now: envelope.time, on: connection)
            } else {
                try await aid.withdrawAll(caseId: data.caseId, reason: "consent withdrawn", now: envelope.time, on: connection)
            }
        }
        reactions.erased = { caseIds, envelope, connection in
            for caseId in caseIds { try await aid.withdrawAll(caseId: caseId, reason: "person erased", now: envelope.time, on: connection) }
        }
        return aid.cases.handlers(reactions).merging([
            WageArrearsReported.type: { envelope, connection in
                let data = try envelope.decodeData(as: WageArrearsReported.self)
                try await aid.file(
                    Complaint(id: UUID(), taxId: data.taxId, kind: .unpaidWages, caseId: data.caseId, amount: data.amount, filedAt: envelope.time),
                    actor: "labor-exchange", on: connection)
                guard let known = try await aid.cases.load(data.caseId, on: connection), known.consents.contains(Need.legal.consentPurpose),
                    known.status == .open
                else {
                    return  // Without consent the complaint stands; the referral waits for consent.
                }
                try await referIfOpenNone(data.caseId, issue: .unpaidWages, now: envelope.time, on: connection)
            }
        ]) { first, _ in first }
    }

    /// A case that needs legal help and consents to it gets a referral, unless it has one open.
    private func referIfNeeded(_ caseId: UUID, now: Date, on connection: PostgresConnection) async throws {
        guard let known = try await aid.cases.load(caseId, on: connection), known.wants(.legal) else { return }
        try await referIfOpenNone(caseId, issue: LegalIssue(vulnerabilities: known.vulnerabilities), now: now, on: connection)
    }

    private func referIfOpenNone(_ caseId: UUID, issue: LegalIssue, now: Date, on connection: PostgresConnection) async throws {
        guard try await !aid.referrals.hasOpen(caseId: caseId, issue: issue, on: connection) else { return }
        _ = try await aid.openReferral(caseId: caseId, issue: issue, partnerId: nil, actor: "router", now: now, on: connection)
    }
}
