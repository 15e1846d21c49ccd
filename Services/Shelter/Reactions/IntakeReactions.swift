import Contracts
import Eventing
import Foundation
import Persistence
import ServiceKit

/// What the shelter service does with intake's events, each in the inbox transaction: a case
/// that needs housing and consents to it gets a bed held (or a waitlist place); a withdrawn
/// consent, a closed case or an erasure frees what it held.
struct IntakeReactions: Sendable {
    let lodging: Lodging

    /// The handlers by event type, for the service's consumer.
    var handlers: [String: EventHandler] {
        var reactions = CaseReactions()
        reactions.registered = { data, envelope, connection in
            try await houseIfNeeded(data.caseId, now: envelope.time, on: connection)
        }
        reactions.updated = { data, envelope, connection in
            if data.status != .open || !data.needs.contains(.housing) {
                let reason = data.status != .open ? "case closed" : "housing no longer needed"
                try await lodging.releaseEverything(of: data.caseId, reason: reason, now: envelope.time, on: connection)
            } else {
                try await houseIfNeeded(data.caseId, now: envelope.time, on: connection)
            }
        }
        reactions.consentChanged = { data, envelope, connection in
            guard data.purpose == Need.housing.consentPurpose else { return }
            if data.granted {
                try await houseIfNeeded(data.caseId, now: envelope.time, on: connection)
            } else {
                try await lodging.releaseEverything(of: data.caseId, reason: "consent withdrawn", now: envelope.time, on: connection)
            }
        }
        reactions.erased = { caseIds, envelope, connection in
            for caseId in caseIds { try await lodging.releaseEverything(of: caseId, reason: "person erased", now: envelope.time, on: connection) }
        }
        return lodging.cases.handlers(reactions)
    }

    /// Holds `nightsForNewCase` nights from the event's day for a case that wants housing and
    /// holds nothing yet: a crisis shelter for people escaping violence or trafficking, a family
    /// room (two beds) with children; the waitlist when nothing fits.
    private func houseIfNeeded(_ caseId: UUID, now: Date, on connection: PostgresConnection) async throws {
        guard let known = try await lodging.cases.load(caseId, on: connection), known.wants(.housing),
            try await lodging.bookings.holding(caseId: caseId, on: connection).isEmpty
        else { return }
        let request = Self.request(for: known)
        let from = CalendarDate(now)
        let to = from.adding(days: lodging.nightsForNewCase)
        do {
            _ = try await lodging.hold(request, caseId: caseId, from: from, to: to, now: now, on: connection)
        } catch BookingError.noBedFits {
            _ = try await lodging.wait(request, caseId: caseId, from: from, to: to, now: now, on: connection)
        }
    }

    /// The beds a newly registered case asks for.
    static func request(for known: KnownCase) -> BedRequest {
        let withChildren = known.vulnerabilities.contains(.withChildren)
        let crisis = !Set(known.vulnerabilities).isDisjoint(with: [.violence, .trafficking])
        return BedRequest(beds: withChildren ? 2 : 1, sex: GuestSex(known.sex), withChildren: withChildren, kind: crisis ? .crisis : nil)
    }
}
