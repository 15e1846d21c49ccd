import Foundation

/// The facts every booking event carries; never an address.
public struct BookingFacts: Codable, Sendable, Equatable {
    public let bookingId: UUID
    public let caseId: UUID
    public let shelterId: UUID
    /// First night.
    public let from: CalendarDate
    /// Day of departure (the last night is the day before).
    public let to: CalendarDate
    public let beds: Int

    public init(bookingId: UUID, caseId: UUID, shelterId: UUID, from: CalendarDate, to: CalendarDate, beds: Int) {
        self.bookingId = bookingId; self.caseId = caseId; self.shelterId = shelterId; self.from = from; self.to = to; self.beds = beds
    }
}

/// Beds are held for a case until `expiresAt` unless confirmed.
public struct BookingHeld: EventData {
    public static let type = "shelter.booking.held.v1"
    public let booking: BookingFacts
    public let expiresAt: Date
    public init(booking: BookingFacts, expiresAt: Date) { self.booking = booking; self.expiresAt = expiresAt }
}

/// A hold was confirmed.
public struct BookingConfirmed: EventData {
    public static let type = "shelter.booking.confirmed.v1"
    public let booking: BookingFacts
    public init(booking: BookingFacts) { self.booking = booking }
}

/// A hold expired or a booking was cancelled: the beds are free again.
public struct BookingReleased: EventData {
    public static let type = "shelter.booking.released.v1"
    public let booking: BookingFacts
    public let reason: String
    public init(booking: BookingFacts, reason: String) { self.booking = booking; self.reason = reason }
}

/// The guest arrived.
public struct BookingCheckedIn: EventData {
    public static let type = "shelter.booking.checked-in.v1"
    public let booking: BookingFacts
    public init(booking: BookingFacts) { self.booking = booking }
}

/// The guest left.
public struct BookingCheckedOut: EventData {
    public static let type = "shelter.booking.checked-out.v1"
    public let booking: BookingFacts
    public init(booking: BookingFacts) { self.booking = booking }
}

/// Nothing fitted: the case waits for a bed, at `position`.
public struct WaitlistJoined: EventData {
    public static let type = "shelter.waitlist.joined.v1"
    public let caseId: UUID
    public let position: Int
    public init(caseId: UUID, position: Int) { self.caseId = caseId; self.position = position }
}

/// Free beds of a shelter changed (for partners; no address, confidential or not).
public struct OccupancyChanged: EventData {
    public static let type = "shelter.occupancy.changed.v1"
    public let shelterId: UUID
    public let kind: ShelterKind
    public let freeBeds: Int
    public init(shelterId: UUID, kind: ShelterKind, freeBeds: Int) { self.shelterId = shelterId; self.kind = kind; self.freeBeds = freeBeds }
}
