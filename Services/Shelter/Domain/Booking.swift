import Contracts
import Foundation

/// Beds held or booked for a case, from the first night to the day of departure.
struct Booking: Codable, Sendable, Equatable {
    let id: UUID
    let caseId: UUID
    let shelterId: UUID
    let from: CalendarDate
    let to: CalendarDate
    let beds: Int
    let sex: GuestSex
    let withChildren: Bool
    var status: BookingStatus
    /// Until when a hold waits for confirmation.
    var expiresAt: Date?

    /// The facts every booking event carries (never an address).
    var facts: BookingFacts { BookingFacts(bookingId: id, caseId: caseId, shelterId: shelterId, from: from, to: to, beds: beds) }
}
