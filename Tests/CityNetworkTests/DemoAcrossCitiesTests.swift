import Foundation
import TestSupport
import Testing

/// `make demo`'s ending: the journey run by `jardamctl demo journey` in Moscow, with Yekaterinburg
/// as the city she moves on to.
@Suite("The demo journey across two cities", .serialized)
struct DemoAcrossCitiesTests {
    /// Runs `jardamctl` with `city`'s environment.
    static func jardamctl(_ arguments: [String], in city: LocalCity, within timeout: Duration) async throws -> (
        status: Int32?, output: String
    ) {
        let child = try ChildProcess(ServiceProcesses.executable("jardamctl"), arguments: arguments, environment: city.variables)
        let status = await child.exitStatus(within: timeout)
        return (status, child.output)
    }

    @Test func theJourneyEndsWithHerCaseAcceptedInYekaterinburgAndShreddedInMoscow() async throws {
        let cities = try LocalCity.all()
        let (moscow, yekaterinburg) = (cities[0], cities[1])
        // The other network tests register families that hold the demo's family rooms (and a
        // reused city keeps earlier runs' holds): a house of free family rooms in each city.
        let rooms = (1...12).map { #"{"name": "Family \#($0)", "beds": 4, "sex": "mixed", "family": true}"# }.joined(separator: ", ")
        for city in [moscow, yekaterinburg] {
            let seeded = try await Self.jardamctl(["seed", "demo"], in: city, within: .seconds(120))
            try #require(seeded.status == 0, "\(city.instance): \(seeded.output)")
            try await city.expect(
                "POST", .shelter, "/v1/shelters", as: [.shelterManager],
                json:
                    #"{"name": "Family house \#(UUID())", "kind": "dormitory", "address": "Test street 1", "confidentialAddress": false, "rooms": [\#(rooms)]}"#
            )
        }
        let next = TestEnvironment.root.appendingPathComponent(".run/\(yekaterinburg.instance)/env").path
        let journey = try await Self.jardamctl(
            ["demo", "journey", "--patience", "90", "--next-city-environment", next], in: moscow, within: .seconds(400))
        #expect(journey.status == 0, "\(journey.output)")
        #expect(journey.output.contains("\n9. She moves on to \(yekaterinburg.name.capitalized)"), "\(journey.output)")
        #expect(journey.output.contains("its copy of her record is shredded"), "\(journey.output)")
        let caseId = try #require(
            journey.output.split(separator: "\n").first { $0.hasPrefix("The journey is complete: case ") }?.split(separator: " ").last
                .map { String($0.dropLast()) })
        // Read independently of the journey's own checks: Moscow's case is transferred, its one
        // transfer accepted, and Yekaterinburg holds that transfer as accepted from Moscow.
        #expect(try await moscow.expect("GET", .intake, "/v1/cases/\(caseId)", as: [.caseworker])["status"].string == "transferred")
        let sent = try await TransferAcrossCitiesTests.transfers(in: moscow, "direction=outgoing").filter { $0["caseId"].string == caseId }
        #expect(sent.map { $0["status"].string } == ["accepted"] && sent.first?["toCity"].string == yekaterinburg.name, "\(sent)")
        let received = try await TransferAcrossCitiesTests.transfers(in: yekaterinburg, "direction=incoming&status=accepted")
        #expect(received.contains { $0["id"] == sent.first?["id"] && $0["fromCity"].string == moscow.name })
    }
}
