import Contracts
import Eventing
import Foundation
import Persistence
import ServiceKit

/// What the labor exchange does with the events it subscribes to, each in the inbox
/// transaction: legal-referral's flags suspend and restore an employer's vacancies; a withdrawn
/// employment consent or an erasure removes the job-seeker profile.
struct EventReactions: Sendable {
    let exchange: Exchange

    /// The handlers by event type, for the service's consumer.
    var handlers: [String: EventHandler] {
        var reactions = CaseReactions()
        reactions.consentChanged = { data, _, connection in
            guard data.purpose == Need.employment.consentPurpose, !data.granted else { return }
            try await exchange.placements.removeSeeker(caseId: data.caseId, on: connection)
        }
        reactions.erased = { caseIds, _, connection in
            for caseId in caseIds { try await exchange.placements.removeSeeker(caseId: caseId, on: connection) }
        }
        return exchange.cases.handlers(reactions).merging([
            EmployerFlagged.type: { envelope, connection in
                let data = try envelope.decodeData(as: EmployerFlagged.self)
                try await exchange.setFlag(taxId: data.taxId, flagged: true, reason: data.reason, at: envelope.time, on: connection)
            },
            EmployerCleared.type: { envelope, connection in
                let data = try envelope.decodeData(as: EmployerCleared.self)
                try await exchange.setFlag(taxId: data.taxId, flagged: false, reason: data.reason, at: envelope.time, on: connection)
            },
        ]) { first, _ in first }
    }
}
