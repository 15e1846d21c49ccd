import Contracts
import Foundation
import ServiceTestSupport
import Testing

@testable import Shelter

@Suite("The shelter refuses beds for a case it may not house (CONTRACT.md §5a)")
struct CaseGateTests {
    @Test func bookingsAreRefusedForUnknownUnconsentedRevokedClosedAndErasedCases() async throws {
        try await withShelter { shelter, client in
            _ = try await shelter.createShelter(client)
            let token = try await shelter.token([.caseworker])
            let refused = try await shelter.refusedCases(for: .housing)
            for waitlist in [false, true] {
                let mismatches = try await shelter.refusalMismatches(refused) { caseId in
                    try await client.send(.post, "/v1/bookings", token: token, json: bookingJSON(caseId: caseId, waitlist: waitlist))
                }
                #expect(mismatches.isEmpty, "\(mismatches)")
            }
        }
    }

    @Test func revokingHousingReleasesHoldsAndTheWaitlistPlaceButNotAStay() async throws {
        try await withShelter { shelter, client in
            _ = try await shelter.createShelter(client, rooms: [("A", 2, "female", false)])
            let caseworker = try await shelter.token([.caseworker])
            let manager = try await shelter.token([.shelterManager])
            let staying = try await shelter.registerCase(needs: [])
            let held = try await shelter.registerCase(needs: [])
            let waiting = try await shelter.registerCase(needs: [])
            let stay = try await client.send(.post, "/v1/bookings", token: caseworker, json: bookingJSON(caseId: staying)).decoded(
                as: BookingBody.self)
            #expect(try await client.send(.post, "/v1/bookings/\(stay.id)/confirm", token: manager).status == .ok)
            #expect(try await client.send(.post, "/v1/bookings/\(stay.id)/check-in", token: manager).status == .ok)
            let hold = try await client.send(.post, "/v1/bookings", token: caseworker, json: bookingJSON(caseId: held)).decoded(as: BookingBody.self)
            let place = try await client.send(.post, "/v1/bookings", token: caseworker, json: bookingJSON(caseId: waiting, waitlist: true))
            #expect(place.status == .conflict && place.text.contains("waitlisted"))
            for caseId in [waiting, staying, held] {
                try await shelter.deliver(ConsentChanged(caseId: caseId, purpose: .housing, granted: false, expiresAt: nil, caseVersion: 2))
            }
            let status = { (id: UUID) in try await client.send(.get, "/v1/bookings/\(id)", token: manager).decoded(as: BookingBody.self).status }
            #expect(try await status(stay.id) == "checked-in", "a checked-in stay runs to check-out")
            #expect(try await status(hold.id) == "cancelled")
            #expect(try await shelter.lodging.waiting().isEmpty, "the waitlist place is released, and the freed bed did not go to it")
            #expect(try await shelter.events(BookingReleased.self).map(\.reason) == ["consent withdrawn"])
        }
    }
}
