import Contracts
import Foundation
import Testing

@testable import Shelter

@Suite("Choosing beds")
struct BedChoiceTests {
    static func room(_ id: Int, sex: RoomSex, family: Bool = false, free: Int, kind: ShelterKind = .dormitory) -> FreeRoom {
        FreeRoom(
            roomId: UUID(uuidString: String(format: "00000000-0000-0000-0000-%012d", id))!,
            shelterId: UUID(uuidString: "00000000-0000-0000-0000-000000000999")!,
            kind: kind, sex: sex, family: family, freeBeds: (0..<free).map { _ in UUID() })
    }

    @Test(arguments: [
        // (request, rooms, chosen room number or nil)
        (BedRequest(beds: 1, sex: .female, withChildren: false), [room(1, sex: .male, free: 5), room(2, sex: .female, free: 5)], 2 as Int?),
        (BedRequest(beds: 1, sex: .male, withChildren: false), [room(1, sex: .female, free: 5), room(2, sex: .mixed, free: 5)], 2),
        (BedRequest(beds: 1, sex: .unknown, withChildren: false), [room(1, sex: .female, free: 5)], nil),
        (BedRequest(beds: 2, sex: .female, withChildren: true), [room(1, sex: .female, free: 5), room(2, sex: .female, family: true, free: 3)], 2),
        (BedRequest(beds: 2, sex: .female, withChildren: true), [room(1, sex: .female, free: 5)], nil),
        (BedRequest(beds: 1, sex: .female, withChildren: false), [room(1, sex: .female, family: true, free: 1), room(2, sex: .female, free: 6)], 2),
        (BedRequest(beds: 1, sex: .female, withChildren: false), [room(1, sex: .female, family: true, free: 1)], 1),
        (BedRequest(beds: 3, sex: .male, withChildren: false), [room(1, sex: .male, free: 2), room(2, sex: .male, free: 2)], nil),
        (BedRequest(beds: 2, sex: .male, withChildren: false), [room(1, sex: .male, free: 8), room(2, sex: .male, free: 2)], 2),
        (
            BedRequest(beds: 1, sex: .female, withChildren: false, kind: .crisis),
            [room(1, sex: .female, free: 5), room(2, sex: .female, free: 5, kind: .crisis)], 2
        ),
    ])
    func theFittingRoomIsChosen(_ request: BedRequest, _ rooms: [FreeRoom], _ expected: Int?) {
        let chosen = BedChoice.choose(request, among: rooms)
        #expect(chosen?.room.roomId == expected.map { Self.room($0, sex: .mixed, free: 0).roomId })
        #expect(chosen.map(\.beds.count) == expected.map { _ in request.beds })
    }

    @Test(arguments: [
        ([Vulnerability.violence, .pregnant], 1), ([.trafficking], 0), ([.pregnant], 2), ([.withChildren], 3), ([.homeless], 4), ([.disability], 5),
        ([], 5),
    ])
    func waitlistRankFollowsVulnerability(_ vulnerabilities: [Vulnerability], _ rank: Int) {
        #expect(WaitlistPriority.rank(vulnerabilities: vulnerabilities) == rank)
    }

    @Test(arguments: [
        (BookingAction.confirm, BookingStatus.held, BookingStatus.confirmed as BookingStatus?), (.checkIn, .confirmed, .checkedIn),
        (.checkOut, .checkedIn, .checkedOut), (.cancel, .held, .cancelled), (.cancel, .confirmed, .cancelled), (.expire, .held, .released),
        (.checkIn, .held, nil), (.confirm, .confirmed, nil), (.cancel, .checkedIn, nil), (.expire, .confirmed, nil), (.checkOut, .confirmed, nil),
        (.confirm, .released, nil),
    ])
    func bookingTransitions(_ action: BookingAction, _ from: BookingStatus, _ to: BookingStatus?) {
        #expect(BookingStateMachine.next(after: action, from: from) == to)
    }
}
