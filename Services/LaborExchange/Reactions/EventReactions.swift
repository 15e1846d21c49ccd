import Contracts
import Eventing
import Foundation
import Persistence
import ServiceKit

/// What the labor exchange does with the events it subscribes to, each in the inbox
/// transaction: legal-referral's flags, and those of the other cities of the network, suspend and
/// restore an employer's vacancies; a withdrawn
/// employment consent or a closed case removes the job-seeker profile and stops follow-ups, an
/// erasure forgets their notes too. Profiles are made by employment officers, not on
/// registration (intake does not know a person's occupations).
struct EventReactions: Sendable {
    let exchange: Exchange

    /// The handlers by event type, for the service's consumer.
    var handlers: [String: EventHandler] {
        let work = CaseWork(
            need: .employment, start: { _, _, _ in },
            stop: { caseId, reason, _, connection in try await exchange.stopWork(caseId: caseId, reason: reason.rawValue, on: connection) },
            forget: { caseId, _, connection in try await exchange.forget(caseId: caseId, on: connection) })
        return exchange.cases.handlers(work).merging([
            EmployerFlagged.type: { envelope, connection in
                let data = try envelope.decodeData(as: EmployerFlagged.self)
                try await exchange.setFlag(taxId: data.taxId, city: "", flagged: true, reason: data.reason, at: envelope.time, on: connection)
            },
            EmployerCleared.type: { envelope, connection in
                let data = try envelope.decodeData(as: EmployerCleared.self)
                try await exchange.setFlag(taxId: data.taxId, city: "", flagged: false, reason: data.reason, at: envelope.time, on: connection)
            },
            NetworkEmployerFlagged.type: { envelope, connection in
                let data = try envelope.decodeData(as: NetworkEmployerFlagged.self)
                try await exchange.setFlag(taxId: data.taxId, city: data.city, flagged: true, reason: data.reason, at: data.decidedAt, on: connection)
            },
            NetworkEmployerCleared.type: { envelope, connection in
                let data = try envelope.decodeData(as: NetworkEmployerCleared.self)
                try await exchange.setFlag(
                    taxId: data.taxId, city: data.city, flagged: false, reason: data.reason, at: data.decidedAt, on: connection)
            },
        ]) { first, _ in first }
    }
}
