import Contracts
import Foundation
import Messaging
import ServiceTestSupport
import Testing

@testable import NetworkService

@Suite("The bridge between the city's events and the network's")
struct BridgeTests {
    @Test func thisCitysFlagAndClearingGoToTheNetworkWithTheCityAndTheTimeOfTheDecision() async throws {
        try await withNetwork { network, _ in
            let decided = Date(timeIntervalSince1970: 1_790_000_000)
            try await network.deliver(
                EmployerFlagged(taxId: "7701234567", reason: "unpaid wages", evidenceCount: 3), from: .legalReferral, time: decided)
            try await network.deliver(
                EmployerCleared(taxId: "7701234567", reason: "paid", evidenceCount: 3), from: .legalReferral, time: decided.addingTimeInterval(60))
            let rows = try await network.outboxRows()
            #expect(rows.map(\.exchange) == [Topology.networkExchange, Topology.networkExchange])
            #expect(rows.map(\.event.type) == [NetworkEmployerFlagged.type, NetworkEmployerCleared.type])
            let flagged = try rows[0].event.decodeData(as: NetworkEmployerFlagged.self)
            #expect(
                flagged == NetworkEmployerFlagged(taxId: "7701234567", reason: "unpaid wages", evidenceCount: 3, city: "testcity", decidedAt: decided)
            )
            #expect(rows[0].event.source == "jardam://testcity/network")
            #expect(try rows[1].event.decodeData(as: NetworkEmployerCleared.self).decidedAt == decided.addingTimeInterval(60))
        }
    }

    @Test func anotherLinkedCitysFlagIsAnnouncedToThisCityOnceAndCounted() async throws {
        try await withNetwork { network, client in
            try await network.link(client, city: "moscow")
            let flag = NetworkEmployerFlagged(
                taxId: "7701234567", reason: "unpaid wages", evidenceCount: 4, city: "moscow",
                decidedAt: Date(timeIntervalSince1970: 1_790_000_000.125))
            let envelope = try EventEnvelope(flag, city: "moscow", service: .network, subject: "employer/7701234567")
            #expect(try await network.deliver(envelope))
            #expect(try await !network.deliver(envelope), "a federation redelivery is absorbed by the inbox")
            let rows = try await network.outboxRows().filter { $0.event.type == NetworkEmployerFlagged.type }
            #expect(rows.count == 1)
            #expect(rows.first?.exchange == Topology.eventsExchange && rows.first?.routingKey == nil)
            #expect(rows.first?.event.source == "jardam://testcity/network" && rows.first?.event.causationID == envelope.id)
            #expect(try rows.first?.event.decodeData(as: NetworkEmployerFlagged.self) == flag, "the data travels as it was decided")
            let link = try #require(try await network.pool.withConnection { try await LinkStore(schema: network.schema).load("moscow", on: $0) })
            #expect(link.messagesReceived == 1 && link.lastMessageAt == envelope.time)
        }
    }

    @Test func aFlagFromACityNotLinkedOrWhoseSourceLiesIsRefusedAndThisCitysOwnEchoIsLeftAlone() async throws {
        try await withNetwork { network, client in
            try await network.link(client, city: "moscow")
            func flag(city: String) -> NetworkEmployerFlagged {
                NetworkEmployerFlagged(taxId: "7701234567", reason: "unpaid wages", evidenceCount: 4, city: city, decidedAt: Date())
            }
            await #expect(throws: NetworkError.notLinked("omsk")) {
                try await network.deliver(try EventEnvelope(flag(city: "omsk"), city: "omsk", service: .network))
            }
            await #expect(throws: NetworkError.cityMismatch(source: "jardam://moscow/network", data: "omsk")) {
                try await network.deliver(try EventEnvelope(flag(city: "omsk"), city: "moscow", service: .network))
            }
            #expect(try await network.deliver(try EventEnvelope(flag(city: "testcity"), city: "testcity", service: .network)))
            #expect(
                try await network.outboxRows().filter { $0.event.type != NetworkLinkDeclared.type }.isEmpty,
                "nothing refused or echoed reaches the city's services")
        }
    }
}

@Suite("City names")
struct CityNameTests {
    @Test func aCityIsLowerCaseASCIIAndTheSourceNamesIt() {
        #expect(CityName.isValid("yekaterinburg") && CityName.isValid("nizhny-novgorod") && CityName.isValid("a1"))
        #expect(!CityName.isValid("") && !CityName.isValid("Moscow") && !CityName.isValid("1city") && !CityName.isValid("москва"))
        #expect(!CityName.isValid(String(repeating: "a", count: 64)))
        #expect(CityName.of(source: "jardam://moscow/network") == "moscow")
        #expect(CityName.of(source: "jardam://moscow/x/network") == nil && CityName.of(source: "http://moscow/network") == nil)
    }
}
