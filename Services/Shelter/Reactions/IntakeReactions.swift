import Contracts
import Eventing
import Foundation
import Persistence
import ServiceKit

/// What the shelter service does with intake's events, each in the inbox transaction: a case
/// that comes to need housing and consent to it gets a bed held (or a waitlist place); a
/// withdrawn consent, a closed case or an erasure frees what it held.
struct IntakeReactions: Sendable {
    let lodging: Lodging

    /// The handlers by event type, for the service's consumer.
    var handlers: [String: EventHandler] {
        lodging.cases.handlers(
            CaseWork(
                need: .housing,
                start: { known, envelope, connection in try await house(known, now: envelope.time, on: connection) },
                stop: { caseId, reason, envelope, connection in
                    try await lodging.releaseEverything(of: caseId, reason: reason.rawValue, now: envelope.time, on: connection)
                },
                forget: { caseId, envelope, connection in
                    try await lodging.releaseEverything(of: caseId, reason: "person erased", now: envelope.time, on: connection)
                }))
    }

    /// Holds `nightsForNewCase` nights from the event's day for a case that wants housing and
    /// holds nothing yet: a crisis shelter for people escaping violence or trafficking, a family
    /// room (two beds) with children; the waitlist when nothing fits.
    private func house(_ known: KnownCase, now: Date, on connection: PostgresConnection) async throws {
        guard try await lodging.bookings.holding(caseId: known.caseId, on: connection).isEmpty else { return }
        let request = Self.request(for: known)
        let from = CalendarDate(now)
        let to = from.adding(days: lodging.nightsForNewCase)
        do {
            _ = try await lodging.hold(request, caseId: known.caseId, from: from, to: to, now: now, on: connection)
        } catch BookingError.noBedFits {
            _ = try await lodging.wait(request, caseId: known.caseId, from: from, to: to, now: now, on: connection)
        }
    }

    /// The beds a newly registered case asks for.
    static func request(for known: KnownCase) -> BedRequest {
        let withChildren = known.vulnerabilities.contains(.withChildren)
        let crisis = !Set(known.vulnerabilities).isDisjoint(with: [.violence, .trafficking])
        return BedRequest(beds: withChildren ? 2 : 1, sex: GuestSex(known.sex), withChildren: withChildren, kind: crisis ? .crisis : nil)
    }
}
