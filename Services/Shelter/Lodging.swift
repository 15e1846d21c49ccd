import Contracts
import Eventing
import Foundation
import Persistence
import ServiceKit

/// The shelter service's core: shelters and their beds, holds and bookings that never
/// double-book, the waitlist. It knows nothing of HTTP; it throws ``BookingError``s, runs its
/// transactions and writes its events to the outbox in them. Routes (`Routes/`) and reactions
/// (`Reactions/`) call it.
struct Lodging: Sendable {
    let database: PostgresPool
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
        shelters = ShelterStore(schema: schema)
        bookings = BookingStore(schema: schema)
        waitlist = WaitlistStore(schema: schema)
        cases = CaseProjection(schema: schema)
        outbox = environment.outbox
        holdFor = configuration.holdFor
        nightsForNewCase = configuration.nightsForNewCase
    }

    // MARK: - Shelters

    /// Stores a new shelter with its rooms and beds, in the caller's transaction.
    func register(_ shelter: Shelter, on connection: PostgresConnection) async throws {
        try await shelters.insert(shelter, on: connection)
    }

    /// A page of shelters, oldest first, and the cursor of the next.
    func shelters(cursor: Int?, limit: Int) async throws -> (shelters: [Shelter], next: Int?) {
        try await database.withConnection { try await shelters.list(cursor: cursor, limit: limit, on: $0) }
    }

    /// The shelter `id`, with its address (the routes hide a confidential one).
    func shelter(_ id: UUID) async throws -> Shelter {
        guard let shelter = try await database.withConnection({ try await shelters.load(id, on: $0) }) else { throw BookingError.unknownShelter }
        return shelter
    }

    /// Shelters with beds free on every night from `from` to the night before `to` that fit
    /// guests of `sex`, with or without children.
    func availability(from: CalendarDate, to: CalendarDate, sex: GuestSex, withChildren: Bool) async throws -> [Availability] {
        let (rooms, all) = try await database.withConnection { connection in
            (
                try await shelters.freeRooms(from: from, to: to, on: connection),
                try await shelters.list(cursor: nil, limit: 10_000, on: connection).shelters
            )
        }
        let free = BedChoice.freeBeds(among: rooms, for: BedRequest(beds: 1, sex: sex, withChildren: withChildren))
        return all.compactMap { shelter in
            free[shelter.id].map { Availability(shelterId: shelter.id, name: shelter.name, kind: shelter.kind, freeBeds: $0) }
        }.filter { $0.freeBeds > 0 }
    }

    // MARK: - Holding beds

    /// Holds beds for `caseId` that fit `request` on every night from `from` to the night
    /// before `to`, in the caller's transaction; a ``CaseRefusal`` unless the case is open and
    /// consents to housing (it stays locked, so a revocation waits and then releases the hold),
    /// ``BookingError/noBedFits`` when nothing fits.
    ///
    /// Holds are chosen one at a time (the beds' lock, to the end of the transaction): two
    /// transactions inserting the same bed at once would each wait on the other's uncommitted
    /// row in the exclusion check, a deadlock PostgreSQL breaks only after a second. The
    /// exclusion constraint still guards the beds whatever runs; a hold that meets it anyway
    /// chooses again among what is left.
    func hold(
        _ request: BedRequest, caseId: UUID, from: CalendarDate, to: CalendarDate, now: Date, on connection: PostgresConnection
    ) async throws -> Booking {
        _ = try await cases.permitting(.housing, caseId: caseId, field: "caseId", on: connection)
        try await bookings.lockBeds(on: connection)
        while true {
            let rooms = try await shelters.freeRooms(from: from, to: to, on: connection)
            guard let choice = BedChoice.choose(request, among: rooms) else { throw BookingError.noBedFits }
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
    func wait(_ request: BedRequest, caseId: UUID, from: CalendarDate, to: CalendarDate, now: Date) async throws -> Int {
        try await database.withTransaction { connection in
            try await wait(request, caseId: caseId, from: from, to: to, now: now, on: connection)
        }
    }

    /// ``wait(_:caseId:from:to:now:)`` in the caller's transaction; a ``CaseRefusal`` as for
    /// ``hold(_:caseId:from:to:now:on:)``.
    func wait(
        _ request: BedRequest, caseId: UUID, from: CalendarDate, to: CalendarDate, now: Date, on connection: PostgresConnection
    ) async throws -> Int {
        let known = try await cases.permitting(.housing, caseId: caseId, field: "caseId", on: connection)
        try await waitlist.lock(on: connection)
        let position = try await waitlist.join(
            caseId: caseId, rank: WaitlistPriority.rank(vulnerabilities: known.vulnerabilities), request: request, from: from, to: to, at: now,
            on: connection)
        try await outbox.append(WaitlistJoined(caseId: caseId, position: position), subject: "case/\(caseId.lowercased)", on: connection)
        return position
    }

    // MARK: - Booking steps

    /// Applies `action` to booking `id` in its own transaction.
    func apply(_ action: BookingAction, to id: UUID, reason: String, now: Date) async throws -> Booking {
        try await database.withTransaction { connection in try await apply(action, to: id, reason: reason, now: now, on: connection) }
    }

    /// Applies `action` to booking `id`: ``BookingError/unknownBooking``, or
    /// ``BookingError/illegal(_:from:)`` for a step its status does not allow. Freed beds go
    /// to the waitlist.
    func apply(_ action: BookingAction, to id: UUID, reason: String, now: Date, on connection: PostgresConnection) async throws -> Booking {
        guard var booking = try await bookings.load(id, lock: true, on: connection) else { throw BookingError.unknownBooking }
        guard let next = BookingStateMachine.next(after: action, from: booking.status) else {
            throw BookingError.illegal(action, from: booking.status)
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

    /// The booking `id`; ``BookingError/unknownBooking`` when there is none.
    func booking(_ id: UUID) async throws -> Booking {
        guard let booking = try await database.withConnection({ try await bookings.load(id, on: $0) }) else { throw BookingError.unknownBooking }
        return booking
    }

    /// A page of bookings, newest first, of one case or status if given.
    func bookings(caseId: UUID?, status: BookingStatus?, cursor: Int?, limit: Int) async throws -> (bookings: [Booking], next: Int?) {
        try await bookings.list(caseId: caseId, status: status, cursor: cursor, limit: limit, database: database)
    }

    /// The waitlist in its order.
    func waiting() async throws -> [WaitlistEntry] {
        try await database.withConnection { try await waitlist.all(on: $0) }
    }

    /// Gives freed beds to the waitlist: each waiting case, in order, gets a hold if one fits; a
    /// case that may no longer be housed leaves the waitlist. A case another transaction holds
    /// keeps its place for the next promotion: waiting for it could deadlock with that
    /// transaction, which may be waiting for the waitlist.
    func promoteWaitlist(now: Date, on connection: PostgresConnection) async throws {
        try await waitlist.lock(on: connection)
        for entry in try await waitlist.all(on: connection) {
            guard try await cases.load(entry.caseId, lock: .unlessBusy, on: connection) != nil else { continue }
            do {
                _ = try await hold(entry.request, caseId: entry.caseId, from: entry.from, to: entry.to, now: now, on: connection)
            } catch BookingError.noBedFits {
                continue
            } catch is CaseRefusal {}
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

/// One line of `GET /v1/availability`: a shelter with fitting free beds.
struct Availability: Codable, Sendable, Equatable {
    let shelterId: UUID
    let name: String
    let kind: ShelterKind
    let freeBeds: Int
}
