import Contracts
import Foundation
import HTTPTypes
import ServiceTestSupport
import Testing

@testable import Shelter

@Suite("The shelter survives hostile input: days far out, unknown methods")
struct HostileInputTests {
    @Test(arguments: [
        ("/v1/availability?from=9999-12-30&to=9999-12-31&sex=female", ["from", "to"]),
        ("/v1/availability?from=1899-12-31&to=1900-01-02&sex=female", ["from"]),
        ("/v1/availability?from=2199-12-30&to=2200-01-01&sex=female", ["to"]),
    ])
    func daysOutsideTheAcceptedYearsAre422(_ uri: String, _ fields: [String]) async throws {
        try await withShelter { shelter, client in
            _ = try await shelter.createShelter(client)
            let response = try await client.send(.get, uri, token: try await shelter.token([.caseworker]))
            #expect(response.status == .unprocessableContent && response.problemFields == fields, "\(response.text)")
        }
    }

    @Test func aBookingAtTheEndOfTimeIsRefusedAndTheServiceAnswersOn() async throws {
        try await withShelter { shelter, client in
            _ = try await shelter.createShelter(client)
            let token = try await shelter.token([.caseworker])
            let caseId = try await shelter.registerCase(needs: [])
            let far = try await client.send(
                .post, "/v1/bookings", token: token, json: bookingJSON(caseId: caseId, from: "9999-12-30", to: "9999-12-31"))
            #expect(far.status == .unprocessableContent && Set(far.problemFields) == ["from", "to"])
            let near = try await client.send(.post, "/v1/bookings", token: token, json: bookingJSON(caseId: caseId))
            #expect(near.status == .created)
        }
    }

    @Test func aMethodThePathDoesNotHaveIs405WithAllow() async throws {
        try await withShelter { shelter, client in
            let token = try await shelter.token([.shelterManager])
            for (method, uri, allow) in [
                (HTTPRequest.Method.trace, "/v1/bookings", "GET, POST"), (.delete, "/v1/bookings/\(UUID())", "GET"),
                (.put, "/v1/bookings/\(UUID())/confirm", "POST"), (.patch, "/v1/waitlist", "GET"),
            ] {
                let response = try await client.send(method, uri, token: token)
                #expect(response.status == .methodNotAllowed && response.headers[.allow] == allow, "\(method) \(uri): \(response.status)")
            }
            #expect(try await client.send(.get, "/v1/nowhere", token: token).status == .notFound)
        }
    }
}
