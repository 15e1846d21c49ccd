import Contracts
import Eventing
import Foundation
import Hummingbird
import Persistence
import ServiceKit

/// The shelter service's API and the work behind it: shelters, availability, holds and bookings
/// that never double-book, the waitlist. Routes live in one file per resource; reactions to
/// intake's events and the hold expiry in `Handlers/`.
struct ShelterAPI: Sendable {
    let database: PostgresPool
    let idempotency: IdempotentCreation
    let shelters: ShelterStore
    let bookings: BookingStore
    let waitlist: WaitlistStore
    let cases: CaseProjection
    let outbox: Outbox
    /// How long a hold waits for confirmation.
    let holdFor: Duration
    /// Nights held for a newly registered case that needs housing.
    let nightsForNewCase: Int

    init(environment: ServiceEnvironment, configuration: ShelterConfiguration) {
        let schema = environment.schema
        database = environment.database
        idempotency = IdempotentCreation(schema: schema, secret: environment.configuration.tokenSecret)
        shelters = ShelterStore(schema: schema)
        bookings = BookingStore(schema: schema)
        waitlist = WaitlistStore(schema: schema)
        cases = CaseProjection(schema: schema)
        outbox = environment.outbox
        holdFor = configuration.holdFor
        nightsForNewCase = configuration.nightsForNewCase
    }

    func addRoutes(to router: Router<JardamRequestContext>) {
        addShelterRoutes(to: router)
        addBookingRoutes(to: router)
    }

    // MARK: - Holding beds

    /// Holds beds for `caseId` that fit `request` on every night from `from` to the night
    /// before `to`; `nil` when nothing fits. Two requests racing for the same bed meet the
    /// exclusion constraint: the loser chooses again among what is left.
    func hold(
        _ request: BedRequest, caseId: UUID, from: CalendarDate, to: CalendarDate, now: Date, on connection: PostgresConnection
    ) async throws -> Booking? {
        while true {
            let rooms = try await shelters.freeRooms(from: from, to: to, on: connection)
            guard let choice = BedChoice.choose(request, among: rooms) else { return nil }
            let booking = Booking(
                id: UUID(), caseId: caseId, shelterId: choice.room.shelterId, from: from, to: to, beds: request.beds, sex: request.sex,
                withChildren: request.withChildren, status: .held, expiresAt: now.addingTimeInterval(holdFor.timeInterval))
            try await connection.query("SAVEPOINT hold")
            do {
                try await bookings.insert(booking, beds: choice.beds, on: connection)
            } catch let error as PostgresError where error.sqlState == "23P01" {
                try await connection.query("ROLLBACK TO SAVEPOINT hold")
                continue
            }
            try await connection.query("RELEASE SAVEPOINT hold")
            try await outbox.append(
                BookingHeld(booking: booking.facts, expiresAt: booking.expiresAt!), subject: "booking/\(booking.id.lowercased)", on: connection)
            try await announceOccupancy(of: booking.shelterId, on: connection)
            return booking
        }
    }

    /// Puts a case on the waitlist (once) and announces its place.
    func wait(
        _ request: BedRequest, caseId: UUID, from: CalendarDate, to: CalendarDate, now: Date, on connection: PostgresConnection
    ) async throws -> Int {
        try await waitlist.lock(on: connection)
        let vulnerabilities = try await cases.load(caseId, on: connection)?.vulnerabilities ?? []
        let position = try await waitlist.join(
            caseId: caseId, rank: WaitlistPriority.rank(vulnerabilities: vulnerabilities), request: request, from: from, to: to, at: now,
            on: connection)
        try await outbox.append(WaitlistJoined(caseId: caseId, position: position), subject: "case/\(caseId.lowercased)", on: connection)
        return position
    }

    /// Applies `action` to booking `id`; an illegal step is a 409. Freed beds go to the waitlist.
    func apply(_ action: BookingAction, to id: UUID, reason: String, now: Date, on connection: PostgresConnection) async throws -> Booking {
        guard var booking = try await bookings.load(id, lock: true, on: connection) else { throw Problem.notFound("booking") }
        guard let next = BookingStateMachine.next(after: action, from: booking.status) else {
            throw Problem.conflict("a \(booking.status.rawValue) booking cannot be \(action.pastTense)")
        }
        booking.status = next
        if next != .held { booking.expiresAt = nil }
        try await bookings.save(booking, on: connection)
        let subject = "booking/\(id.lowercased)"
        switch next {
        case .confirmed: try await outbox.append(BookingConfirmed(booking: booking.facts), subject: subject, on: connection)
        case .checkedIn: try await outbox.append(BookingCheckedIn(booking: booking.facts), subject: subject, on: connection)
        case .checkedOut: try await outbox.append(BookingCheckedOut(booking: booking.facts), subject: subject, on: connection)
        case .cancelled, .released: try await outbox.append(BookingReleased(booking: booking.facts, reason: reason), subject: subject, on: connection)
        case .held: break
        }
        if !next.holdsBeds {
            try await announceOccupancy(of: booking.shelterId, on: connection)
            try await promoteWaitlist(now: now, on: connection)
        }
        return booking
    }

    /// Gives freed beds to the waitlist: each waiting case, in order, gets a hold if one fits.
    func promoteWaitlist(now: Date, on connection: PostgresConnection) async throws {
        try await waitlist.lock(on: connection)
        for entry in try await waitlist.all(on: connection) {
            guard try await hold(entry.request, caseId: entry.caseId, from: entry.from, to: entry.to, now: now, on: connection) != nil else {
                continue
            }
            try await waitlist.leave(caseId: entry.caseId, on: connection)
        }
    }

    /// Releases every hold whose time ran out at `now`; returns how many.
    func releaseExpiredHolds(now: Date) async throws -> Int {
        try await database.withTransaction { connection in
            let expired = try await bookings.expired(at: now, limit: 200, on: connection)
            for booking in expired {
                _ = try await apply(.expire, to: booking.id, reason: "hold expired", now: now, on: connection)
            }
            return expired.count
        }
    }

    /// Cancels what a case holds and takes it off the waitlist (consent withdrawn, erasure).
    func releaseEverything(of caseId: UUID, reason: String, now: Date, on connection: PostgresConnection) async throws {
        for booking in try await bookings.holding(caseId: caseId, on: connection) {
            _ = try await apply(.cancel, to: booking.id, reason: reason, now: now, on: connection)
        }
        try await waitlist.leave(caseId: caseId, on: connection)
    }

    /// `shelter.occupancy.changed.v1` for partners: free beds tonight, never an address.
    private func announceOccupancy(of shelterId: UUID, on connection: PostgresConnection) async throws {
        let occupancy = try await shelters.occupancy(of: shelterId, on: connection)
        try await outbox.append(
            OccupancyChanged(shelterId: shelterId, kind: occupancy.kind, freeBeds: occupancy.freeBeds),
            subject: "shelter/\(shelterId.lowercased)", on: connection)
    }
}

extension BookingAction {
    var pastTense: String {
        switch self {
        case .confirm: "confirmed"
        case .checkIn: "checked in"
        case .checkOut: "checked out"
        case .cancel: "cancelled"
        case .expire: "released"
        }
    }
}
