import Contracts
import Foundation

/// A case waiting for a bed.
struct WaitlistEntry: Codable, Sendable, Equatable {
    let caseId: UUID
    /// 1-based place in the order.
    let position: Int
    /// 0 trafficking … 5 anyone else (``WaitlistPriority``).
    let rank: Int
    let joinedAt: Date
    let from: CalendarDate
    let to: CalendarDate
    let beds: Int
    let sex: GuestSex
    let withChildren: Bool
    let kind: ShelterKind?

    var request: BedRequest { BedRequest(beds: beds, sex: sex, withChildren: withChildren, kind: kind) }
}
