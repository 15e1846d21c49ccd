import Contracts
import Eventing
import Foundation
import HummingbirdTesting
import ServiceKit
import ServiceTestSupport
import TestSupport

@testable import Shelter

/// Runs `body` against the shelter's routes on a fresh, migrated schema.
func withShelter<T: Sendable>(_ body: @Sendable (ServiceHarness, any TestClientProtocol) async throws -> T) async throws -> T {
    try await withService(
        .shelter, migrations: "Services/Shelter/Migrations",
        build: { environment in buildShelter(environment: environment, configuration: ShelterConfiguration(service: environment.configuration)) },
        body)
}

extension ServiceHarness {
    var lodging: Lodging { Lodging(environment: environment, configuration: ShelterConfiguration(service: environment.configuration)) }

    /// Announces a case as intake would.
    func registerCase(sex: Sex = .female, needs: [Need] = [.housing], vulnerabilities: [Vulnerability] = [], consents: [ConsentPurpose] = [.housing])
        async throws -> UUID
    {
        let caseId = UUID()
        try await deliver(
            CaseRegistered(
                caseId: caseId, personRef: UUID().lowercased, channel: .hotline, language: "ky", sex: sex, ageBand: .from25To34,
                citizenship: "KG", needs: needs, vulnerabilities: vulnerabilities, priority: .normal, consents: consents))
        return caseId
    }

    /// Creates a shelter with `rooms` (`name:beds:sex:family`) and returns its id.
    func createShelter(
        _ client: any TestClientProtocol, name: String = "Dormitory North", kind: String = "dormitory", address: String = "Lenina 1",
        confidential: Bool = false, rooms: [(String, Int, String, Bool)] = [("A", 4, "female", false)]
    ) async throws -> UUID {
        let roomsJSON = rooms.map { #"{"name": "\#($0.0)", "beds": \#($0.1), "sex": "\#($0.2)", "family": \#($0.3)}"# }.joined(separator: ",")
        let response = try await client.send(
            .post, "/v1/shelters", token: try await token([.shelterManager]),
            json:
                #"{"name": "\#(name)", "kind": "\#(kind)", "address": "\#(address)", "confidentialAddress": \#(confidential), "rooms": [\#(roomsJSON)]}"#
        )
        guard response.status == .created else { throw TestFailure("shelter not created: \(response.status) \(response.text)") }
        return try response.decoded(as: Created.self).id
    }
}

/// A booking as the API returns it.
struct BookingBody: Decodable {
    let id: UUID
    let caseId: UUID
    let shelterId: UUID
    let status: String
    let expiresAt: Date?
}

func bookingJSON(
    caseId: UUID, from: String = "2027-03-01", to: String = "2027-03-05", beds: Int = 1, sex: String = "female", withChildren: Bool = false,
    waitlist: Bool = false
) -> String {
    #"{"caseId": "\#(caseId)", "from": "\#(from)", "to": "\#(to)", "beds": \#(beds), "sex": "\#(sex)", "withChildren": \#(withChildren), "waitlist": \#(waitlist)}"#
}
