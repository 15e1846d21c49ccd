import Contracts
import Foundation
import HummingbirdTesting
import ServiceTestSupport
import Testing

@testable import LegalReferral

@Suite("The flagged list holds the other cities' flags, each with its city")
struct NetworkFlagTests {
    struct Flags: Decodable {
        struct Flag: Decodable, Equatable { let taxId: String; let city: String; let reason: String }
        let items: [Flag]
    }

    @Test func flagsOfThisCityAndOfTheNetworkAreListedWithTheirCityAndEachCitysLatestDecisionStands() async throws {
        try await withLegal { legal, client in
            func flags() async throws -> [Flags.Flag] {
                try await client.send(.get, "/v1/employers/flagged", token: try await legal.token([.employmentOfficer])).decoded(as: Flags.self)
                    .items.sorted { $0.city < $1.city }
            }
            func at(_ seconds: TimeInterval) -> Date { Date(timeIntervalSince1970: 1_790_000_000 + seconds) }
            let flag = try await client.send(
                .post, "/v1/employers/7707654321/flag", token: try await legal.token([.supervisor]), json: #"{"reason": "seen here"}"#)
            #expect(flag.status == .ok)
            try await legal.deliver(
                NetworkEmployerFlagged(taxId: "7707654321", reason: "seen in Moscow", evidenceCount: 4, city: "moscow", decidedAt: at(10)),
                from: .network)
            #expect(
                try await flags() == [
                    .init(taxId: "7707654321", city: "moscow", reason: "seen in Moscow"),
                    .init(taxId: "7707654321", city: "testcity", reason: "seen here"),
                ])
            try await legal.deliver(
                NetworkEmployerCleared(taxId: "7707654321", reason: "paid", evidenceCount: 4, city: "moscow", decidedAt: at(20)), from: .network)
            // Moscow's flag of before its clearing arrives again, late: the clearing stands.
            try await legal.deliver(
                NetworkEmployerFlagged(taxId: "7707654321", reason: "seen in Moscow", evidenceCount: 4, city: "moscow", decidedAt: at(15)),
                from: .network)
            #expect(try await flags().map(\.city) == ["testcity"])
        }
    }
}
