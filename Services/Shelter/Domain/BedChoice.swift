import Contracts
import Foundation

/// A room with the beds free on every night asked for.
struct FreeRoom: Equatable, Sendable {
    let roomId: UUID
    let shelterId: UUID
    let kind: ShelterKind
    let sex: RoomSex
    let family: Bool
    let freeBeds: [UUID]
}

/// What a booking asks for.
struct BedRequest: Equatable, Sendable {
    let beds: Int
    let sex: GuestSex
    let withChildren: Bool
    /// Only this kind of shelter (crisis for people escaping violence), or any.
    var kind: ShelterKind? = nil
    /// Only this shelter, or any.
    var shelterId: UUID? = nil
}

/// Chooses the beds of a booking.
enum BedChoice {
    /// Whether `room` may take the guests at all: their sex, a family room for a family, the
    /// kind and shelter asked for.
    static func fits(_ room: FreeRoom, _ request: BedRequest) -> Bool {
        request.sex.fits(room.sex) && (!request.withChildren || room.family)
            && (request.kind == nil || request.kind == room.kind) && (request.shelterId == nil || request.shelterId == room.shelterId)
    }

    /// The beds for `request`, all in one room (a group stays together): among the rooms that
    /// fit and have enough free beds, family rooms are kept for families, then the room left
    /// fullest is taken (so large rooms stay for large groups), then the smallest id. `nil`
    /// when nothing fits.
    static func choose(_ request: BedRequest, among rooms: [FreeRoom]) -> (room: FreeRoom, beds: [UUID])? {
        let room =
            rooms
            .filter { fits($0, request) && $0.freeBeds.count >= request.beds }
            .min { a, b in
                (a.family && !request.withChildren ? 1 : 0, a.freeBeds.count, a.roomId.uuidString)
                    < (b.family && !request.withChildren ? 1 : 0, b.freeBeds.count, b.roomId.uuidString)
            }
        return room.map { ($0, Array($0.freeBeds.sorted { $0.uuidString < $1.uuidString }.prefix(request.beds))) }
    }

    /// Free beds per shelter that fit the guests (`GET /v1/availability`).
    static func freeBeds(among rooms: [FreeRoom], for request: BedRequest) -> [UUID: Int] {
        rooms.filter { fits($0, request) }.reduce(into: [:]) { $0[$1.shelterId, default: 0] += $1.freeBeds.count }
    }
}

/// The order of the waitlist: vulnerability first, then time.
enum WaitlistPriority {
    /// 0 trafficking, 1 violence, 2 pregnant, 3 with children, 4 homeless, 5 anyone else.
    static func rank(vulnerabilities: [Vulnerability]) -> Int {
        [.trafficking, .violence, .pregnant, .withChildren, .homeless].firstIndex { vulnerabilities.contains($0) } ?? 5
    }
}
