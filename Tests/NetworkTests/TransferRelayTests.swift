import Contracts
import Foundation
import Messaging
import ServiceTestSupport
import Testing

@testable import NetworkService

@Suite("Cases handed over between cities, through the network service")
struct TransferRelayTests {
    static let facts = TransferredCase(
        needs: [.housing], vulnerabilities: [], language: "ky", priority: .normal, consents: [.housing, .transfer], sex: .female,
        ageBand: .from25To34,
        citizenship: "KG")
    static let sealed = SealedPerson(
        suite: "DHKEM(X25519,HKDF-SHA256)/HKDF-SHA256/AES-256-GCM", encapsulatedKey: Data(count: 32), ciphertext: Data([1, 2, 3]))

    @Test func aLinkTellsIntakeTheCitysKeyAndAHandoverGoesToThatCityOnly() async throws {
        try await withNetwork { network, client in
            try await network.link(client, city: "yekaterinburg")
            let declared = try #require(try await network.outboxRows().first)
            #expect(declared.exchange == Topology.eventsExchange && declared.event.type == NetworkLinkDeclared.type)
            #expect(try declared.event.decodeData(as: NetworkLinkDeclared.self).transferKey == Data(repeating: 9, count: 32))

            let request = CaseTransferRequested(
                transferId: UUID(), caseId: UUID(), fromCity: "testcity", toCity: "yekaterinburg", expiresAt: Date(), case: Self.facts,
                sealedPerson: Self.sealed)
            try await network.deliver(request, from: .intake)
            let sent = try #require(try await network.outboxRows().last)
            #expect(sent.exchange == Topology.networkExchange && sent.routingKey == "network.case.transfer-requested.v1.yekaterinburg")
            let data = try sent.event.decodeData(as: NetworkCaseTransferRequested.self)
            #expect(data.transferId == request.transferId && data.sealedPerson == Self.sealed && data.case == Self.facts)
            #expect(
                !sent.event.data.isEmpty && !String(decoding: sent.event.data, as: UTF8.self).contains(request.caseId.lowercased),
                "this city's case id stays here")

            let unlinked = CaseTransferRequested(
                transferId: UUID(), caseId: UUID(), fromCity: "testcity", toCity: "omsk", expiresAt: Date(), case: Self.facts,
                sealedPerson: Self.sealed)
            await #expect(throws: NetworkError.notLinked("omsk")) { try await network.deliver(unlinked, from: .intake) }
        }
    }

    @Test func aHandoverToThisCityReachesItsIntakeAndOneForAnotherIsRefused() async throws {
        try await withNetwork { network, client in
            try await network.link(client, city: "moscow")
            let incoming = NetworkCaseTransferRequested(
                transferId: UUID(), fromCity: "moscow", toCity: "testcity", expiresAt: Date(timeIntervalSince1970: 1_790_000_000.5), case: Self.facts,
                sealedPerson: Self.sealed)
            #expect(try await network.deliver(try EventEnvelope(incoming, city: "moscow", service: .network)))
            let relayed = try #require(try await network.outboxRows().last)
            #expect(relayed.exchange == Topology.eventsExchange && relayed.event.type == NetworkCaseTransferRequested.type)
            #expect(try relayed.event.decodeData(as: NetworkCaseTransferRequested.self) == incoming)
            let elsewhere = NetworkCaseTransferRequested(
                transferId: UUID(), fromCity: "moscow", toCity: "novosibirsk", expiresAt: Date(), case: Self.facts, sealedPerson: Self.sealed)
            await #expect(throws: NetworkError.notForThisCity("novosibirsk")) {
                try await network.deliver(try EventEnvelope(elsewhere, city: "moscow", service: .network))
            }
        }
    }

    @Test func anAnswerGoesBackToTheSendingCityOnlyAndACancellationToTheReceivingOne() async throws {
        try await withNetwork { network, client in
            try await network.link(client, city: "moscow")
            let transferId = UUID()
            try await network.deliver(
                CaseTransferAnswered(transferId: transferId, fromCity: "moscow", toCity: "testcity", caseId: UUID(), rejection: nil), from: .intake)
            try await network.deliver(
                CaseTransferAnswered(transferId: transferId, fromCity: "moscow", toCity: "testcity", caseId: nil, rejection: .noCapacity),
                from: .intake)
            try await network.deliver(
                CaseTransferCancelled(transferId: transferId, caseId: UUID(), fromCity: "testcity", toCity: "moscow"), from: .intake)
            let sent = try await network.outboxRows().filter { $0.exchange == Topology.networkExchange }
            #expect(
                sent.map(\.routingKey) == [
                    "network.case.transfer-accepted.v1.moscow", "network.case.transfer-rejected.v1.moscow",
                    "network.case.transfer-cancelled.v1.moscow",
                ])
            #expect(try sent[1].event.decodeData(as: NetworkCaseTransferRejected.self).reason == .noCapacity)
        }
    }
}
