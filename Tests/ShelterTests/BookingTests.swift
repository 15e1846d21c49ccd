import Contracts
import Foundation
import HTTPTypes
import HummingbirdTesting
import Persistence
import ServiceKit
import ServiceTestSupport
import TestSupport
import Testing

@testable import Shelter

@Suite("Bookings: never double-booked, holds, transitions, the waitlist, confidential addresses")
struct BookingTests {
    struct Page<Item: Decodable>: Decodable { let items: [Item] }
    struct ShelterBody: Decodable { let id: UUID; let address: String?; let confidentialAddress: Bool }
    struct AvailabilityBody: Decodable { let shelterId: UUID; let freeBeds: Int }
    struct WaitlistBody: Decodable { let waitlisted: Bool; let position: Int }
    struct WaitingBody: Decodable { let caseId: UUID; let position: Int }

    @Test func twoHundredConcurrentRequestsForTwentyBedsGiveExactlyTwentyBookings() async throws {
        try await withShelter { shelter, client in
            _ = try await shelter.createShelter(client, rooms: [("A", 10, "female", false), ("B", 10, "mixed", false)])
            let token = try await shelter.token([.caseworker])
            var cases: [UUID] = []
            for _ in 0..<201 { cases.append(try await shelter.registerCase(needs: [])) }
            let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for caseId in cases.dropLast() {
                    group.addTask { try await client.send(.post, "/v1/bookings", token: token, json: bookingJSON(caseId: caseId)).status }
                }
                return try await group.reduce(into: [HTTPResponse.Status]()) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == .created }.count == 20, "\(Dictionary(grouping: statuses, by: \.code).mapValues(\.count))")
            #expect(statuses.filter { $0 == .conflict }.count == 180)
            let overlaps = try await shelter.pool.query(
                """
                SELECT count(*) AS n FROM "\(shelter.schema)".booking_beds a JOIN "\(shelter.schema)".booking_beds b
                ON a.bed_id = b.bed_id AND a.booking_id <> b.booking_id AND a.active AND b.active AND a.nights && b.nights
                """)
            #expect(try overlaps[0].decode("n", as: Int.self) == 0)
            // The database itself refuses a second booking of a taken bed, whatever the code does.
            let taken = try await shelter.pool.query("SELECT booking_id, bed_id FROM \"\(shelter.schema)\".booking_beds LIMIT 1")[0]
            let error = await #expect(throws: PostgresError.self) {
                try await shelter.pool.query(
                    "INSERT INTO \"\(shelter.schema)\".booking_beds (booking_id, bed_id, nights) SELECT id, $1, daterange('2027-03-04', '2027-03-06') FROM \"\(shelter.schema)\".bookings WHERE id <> $2 LIMIT 1",
                    [try taken.decode("bed_id", as: UUID.self), try taken.decode("booking_id", as: UUID.self)])
            }
            #expect(error?.sqlState == "23P01")
            let later = try await client.send(
                .post, "/v1/bookings", token: token, json: bookingJSON(caseId: cases.last!, from: "2027-03-05", to: "2027-03-08"))
            #expect(later.status == .created, "the nights after departure are free again")
        }
    }

    @Test func familyRoomsSexAndGroupsStayTogether() async throws {
        try await withShelter { shelter, client in
            let id = try await shelter.createShelter(client, rooms: [("F", 3, "female", true), ("M", 2, "male", false)])
            let token = try await shelter.token([.caseworker])
            let caseId = try await shelter.registerCase(needs: [])
            #expect(
                try await client.send(
                    .post, "/v1/bookings", token: token, json: bookingJSON(caseId: caseId, beds: 2, sex: "female", withChildren: true)
                ).status
                    == .created)
            #expect(
                try await client.send(
                    .post, "/v1/bookings", token: token, json: bookingJSON(caseId: caseId, beds: 2, sex: "female", withChildren: true)
                ).status
                    == .conflict)
            #expect(
                try await client.send(.post, "/v1/bookings", token: token, json: bookingJSON(caseId: caseId, beds: 3, sex: "male")).status
                    == .conflict)
            #expect(
                try await client.send(.post, "/v1/bookings", token: token, json: bookingJSON(caseId: caseId, beds: 2, sex: "male")).status == .created
            )
            let available = try await client.send(.get, "/v1/availability?from=2027-03-02&to=2027-03-03&sex=female&withChildren=true", token: token)
            #expect(try available.decoded(as: Page<AvailabilityBody>.self).items.map(\.freeBeds) == [1])
            let none = try await client.send(.get, "/v1/availability?from=2027-03-02&to=2027-03-03&sex=male", token: token)
            #expect(try none.decoded(as: Page<AvailabilityBody>.self).items.isEmpty)
            let after = try await client.send(.get, "/v1/availability?from=2027-03-05&to=2027-03-06&sex=male", token: token)
            #expect(try after.decoded(as: Page<AvailabilityBody>.self).items.map(\.shelterId) == [id])
            let bad = try await client.send(.get, "/v1/availability?from=2027-03-05&to=2027-03-01&sex=alien", token: token)
            #expect(bad.status == .unprocessableContent && Set(bad.problemFields) == ["to", "sex"])
        }
    }

    @Test func transitionsAndTheirRefusals() async throws {
        try await withShelter { shelter, client in
            _ = try await shelter.createShelter(client)
            let caseworker = try await shelter.token([.caseworker])
            let manager = try await shelter.token([.shelterManager])
            let caseId = try await shelter.registerCase(needs: [])
            let booking = try await client.send(.post, "/v1/bookings", token: caseworker, json: bookingJSON(caseId: caseId)).decoded(
                as: BookingBody.self)
            #expect(booking.status == "held" && booking.expiresAt != nil)
            #expect(try await client.send(.post, "/v1/bookings/\(booking.id)/check-in", token: manager).status == .conflict)
            #expect(try await client.send(.post, "/v1/bookings/\(booking.id)/confirm", token: caseworker).status == .forbidden)
            #expect(try await client.send(.post, "/v1/bookings/\(booking.id)/confirm", token: manager).status == .ok)
            #expect(try await client.send(.post, "/v1/bookings/\(booking.id)/confirm", token: manager).status == .conflict)
            #expect(try await client.send(.post, "/v1/bookings/\(booking.id)/check-in", token: manager).status == .ok)
            #expect(try await client.send(.post, "/v1/bookings/\(booking.id)/cancel", token: manager).status == .conflict)
            let out = try await client.send(.post, "/v1/bookings/\(booking.id)/check-out", token: manager)
            #expect(try out.decoded(as: BookingBody.self).status == "checked-out")
            #expect(try await client.send(.post, "/v1/bookings/\(UUID())/confirm", token: manager).status == .notFound)
            let types = try await shelter.events().map(\.type)
            for type in [BookingHeld.type, BookingConfirmed.type, BookingCheckedIn.type, BookingCheckedOut.type, OccupancyChanged.type] {
                #expect(types.contains(type), "\(type)")
            }
            let broken = try await client.send(
                .post, "/v1/bookings", token: caseworker, json: bookingJSON(caseId: caseId, from: "2027-13-01", beds: 0, sex: "x"))
            #expect(broken.status == .unprocessableContent && Set(broken.problemFields) == ["from", "beds", "sex"])
        }
    }

    @Test func anExpiredHoldIsReleasedAndItsBedGoesToTheFirstOnTheWaitlist() async throws {
        try await withShelter { shelter, client in
            _ = try await shelter.createShelter(client, rooms: [("A", 1, "female", false)])
            let token = try await shelter.token([.caseworker])
            let held = try await client.send(
                .post, "/v1/bookings", token: token, json: bookingJSON(caseId: try await shelter.registerCase(needs: []))
            )
            .decoded(as: BookingBody.self)
            let ordinary = try await shelter.registerCase(needs: [.legal], vulnerabilities: [.disability])
            let violence = try await shelter.registerCase(needs: [.legal], vulnerabilities: [.violence])
            let first = try await client.send(.post, "/v1/bookings", token: token, json: bookingJSON(caseId: ordinary, waitlist: true))
            #expect(first.status == .conflict)
            #expect(try first.decoded(as: WaitlistBody.self).position == 1)
            let second = try await client.send(.post, "/v1/bookings", token: token, json: bookingJSON(caseId: violence, waitlist: true))
            #expect(try second.decoded(as: WaitlistBody.self).position == 1, "violence goes before an earlier ordinary case")
            let waiting = try await client.send(.get, "/v1/waitlist", token: try await shelter.token([.shelterManager])).decoded(
                as: Page<WaitingBody>.self)
            #expect(waiting.items.map(\.caseId) == [violence, ordinary])

            #expect(try await shelter.lodging.releaseExpiredHolds(now: Date()) == 0)
            #expect(try await shelter.lodging.releaseExpiredHolds(now: Date().addingTimeInterval(2 * 3600 + 5)) == 1)
            let old = try await client.send(.get, "/v1/bookings/\(held.id)", token: token).decoded(as: BookingBody.self)
            #expect(old.status == "released")
            let promoted = try await client.send(.get, "/v1/bookings?caseId=\(violence)", token: token).decoded(as: Page<BookingBody>.self)
            #expect(promoted.items.map(\.status) == ["held"])
            let left = try await client.send(.get, "/v1/waitlist", token: try await shelter.token([.shelterManager])).decoded(
                as: Page<WaitingBody>.self)
            #expect(left.items.map(\.caseId) == [ordinary])
            let later = try await shelter.registerCase(needs: [.legal], vulnerabilities: [.disability])
            let third = try await client.send(.post, "/v1/bookings", token: token, json: bookingJSON(caseId: later, waitlist: true))
            #expect(try third.decoded(as: WaitlistBody.self).position == 2, "behind the one still waiting; the promoted case no longer counts")
            #expect(try await shelter.events(BookingReleased.self).map(\.reason) == ["hold expired"])
            #expect(try await shelter.events(WaitlistJoined.self).count == 3)
        }
    }

    @Test func aConfidentialAddressIsShownOnlyToManagersAndSupervisorsAndNeverInEvents() async throws {
        try await withShelter { shelter, client in
            let secret = "Tikhaya ulitsa 7"
            let id = try await shelter.createShelter(client, name: "Safe House", kind: "crisis", address: secret, confidential: true)
            let caseworker = try await client.send(.get, "/v1/shelters/\(id)", token: try await shelter.token([.caseworker]))
            #expect(try caseworker.decoded(as: ShelterBody.self).address == nil && !caseworker.text.contains(secret))
            let list = try await client.send(.get, "/v1/shelters", token: try await shelter.token([.caseworker]))
            #expect(!list.text.contains(secret))
            let manager = try await client.send(.get, "/v1/shelters/\(id)", token: try await shelter.token([.shelterManager]))
            #expect(try manager.decoded(as: ShelterBody.self).address == secret)
            let supervisor = try await client.send(.get, "/v1/shelters", token: try await shelter.token([.supervisor]))
            #expect(supervisor.text.contains(secret))
            // A woman escaping violence gets a crisis bed held from her registration.
            let caseId = try await shelter.registerCase(vulnerabilities: [.violence])
            let booking = try #require(try await shelter.events(BookingHeld.self).first)
            #expect(booking.booking.caseId == caseId && booking.booking.shelterId == id)
            let everything = try await shelter.events().map { String(decoding: try $0.encoded(), as: UTF8.self) }.joined()
            #expect(!everything.contains(secret) && everything.contains(OccupancyChanged.type))
            #expect(try await client.send(.post, "/v1/shelters", token: try await shelter.token([.caseworker]), json: "{}").status == .forbidden)
            let bad = try await client.send(
                .post, "/v1/shelters", token: try await shelter.token([.supervisor]),
                json: #"{"name": "", "kind": "hotel", "address": "x", "confidentialAddress": false, "rooms": []}"#)
            #expect(bad.status == .unprocessableContent && Set(bad.problemFields) == ["name", "kind", "rooms"])
        }
    }

    @Test func registrationHoldsABedForFourteenNightsAndWithdrawnConsentReleasesIt() async throws {
        try await withShelter { shelter, client in
            _ = try await shelter.createShelter(client, rooms: [("A", 2, "female", false)])
            let noConsent = try await shelter.registerCase(consents: [])
            #expect(try await shelter.events(BookingHeld.self).isEmpty)
            try await shelter.deliver(ConsentChanged(caseId: noConsent, purpose: .housing, granted: true, expiresAt: nil, caseVersion: 2))
            let held = try #require(try await shelter.events(BookingHeld.self).first)
            #expect(held.booking.caseId == noConsent && held.booking.to == held.booking.from.adding(days: 14))
            try await shelter.deliver(ConsentChanged(caseId: noConsent, purpose: .housing, granted: false, expiresAt: nil, caseVersion: 3))
            #expect(try await shelter.events(BookingReleased.self).map(\.reason) == ["consent withdrawn"])
            let token = try await shelter.token([.caseworker])
            let bookings = try await client.send(.get, "/v1/bookings?caseId=\(noConsent)", token: token).decoded(as: Page<BookingBody>.self)
            #expect(bookings.items.map(\.status) == ["cancelled"])
        }
    }
}
