import Contracts
import Foundation
import TestSupport
import Testing

/// Yekaterinburg's broker dies (`kill -9`) while Moscow flags employers and hands cases over to
/// it, and comes back: every flag and every case reaches it exactly once (Moscow's broker keeps them in federation's queue meanwhile, the
/// link acks them only once Yekaterinburg's broker confirmed them, and the network service's
/// inbox absorbs the redeliveries).
@Suite("The network of cities when a city's broker dies", .serialized)
struct BrokerLossTests {
    /// Messages received from `from`, as `city`'s network service counts them (once per event).
    static func received(from: LocalCity, in city: LocalCity) async throws -> Int {
        let links = try await city.expect("GET", .network, "/v1/network/links", as: [.ops])["items"].items
        return Int(links.first { $0["city"].string == from.name }?["messagesReceived"].number ?? -1)
    }

    /// The employers of `taxIds` that `city`'s legal-referral lists as flagged by `by`, each time it lists them.
    static func flagged(_ taxIds: Set<String>, by: LocalCity, in city: LocalCity) async throws -> [String] {
        try await city.expect("GET", .legalReferral, "/v1/employers/flagged", as: [.caseworker])["items"].items
            .filter { $0["city"].string == by.name }.compactMap { $0["taxId"].string }.filter { taxIds.contains($0) }
    }

    @Test func flagsAndTransfersSentWhileAnotherCitysBrokerIsDeadArriveThereExactlyOnceWhenItIsBack() async throws {
        let cities = try LocalCity.all()
        let (moscow, yekaterinburg, novosibirsk) = (cities[0], cities[1], cities[2])
        let before = (
            yekaterinburg: try await Self.received(from: moscow, in: yekaterinburg),
            novosibirsk: try await Self.received(from: moscow, in: novosibirsk)
        )
        let taxIds = (0..<20).map { _ in EmployerFlagTests.newTaxId() }
        var transfers: [String] = []
        for (index, taxId) in taxIds.enumerated() {
            if index == 5 { try await yekaterinburg.servers("kill-rabbitmq") }
            try await moscow.expect("POST", .legalReferral, "/v1/employers/\(taxId)/flag", as: [.supervisor], json: #"{"reason": "flag \#(index)"}"#)
            if index % 4 == 0 {
                let caseId = try await TransferAcrossCitiesTests.newCase(in: moscow, consents: ["housing", "transfer"])
                let transfer = try await moscow.expect(
                    "POST", .intake, "/v1/cases/\(caseId)/transfers", as: [.caseworker],
                    json: #"{"toCity": "\#(yekaterinburg.name)", "reason": "moves"}"#)
                transfers.append(try #require(transfer["id"].string))
            }
        }
        // Novosibirsk hears every flag while Yekaterinburg is away.
        #expect(try await eventually(.seconds(60)) { try await Self.flagged(Set(taxIds), by: moscow, in: novosibirsk).count == 20 })
        try await yekaterinburg.servers("start-rabbitmq")
        #expect(
            try await eventually(.seconds(180)) { try await Self.flagged(Set(taxIds), by: moscow, in: yekaterinburg).count == 20 },
            "every flag reached Yekaterinburg")
        let listed = try await Self.flagged(Set(taxIds), by: moscow, in: yekaterinburg)
        #expect(Set(listed) == Set(taxIds) && listed.count == 20, "each once")
        #expect(
            try await eventually(.seconds(60)) { Set(try await TransferAcrossCitiesTests.incoming(in: yekaterinburg)).isSuperset(of: transfers) },
            "every case handed over reached Yekaterinburg")
        let incoming = try await TransferAcrossCitiesTests.incoming(in: yekaterinburg).filter { transfers.contains($0) }
        #expect(incoming.count == transfers.count, "each once")
        #expect(try await Self.received(from: moscow, in: yekaterinburg) - before.yekaterinburg == 20 + transfers.count, "each applied once")
        #expect(try await Self.received(from: moscow, in: novosibirsk) - before.novosibirsk == 20, "Novosibirsk got the flags, not the transfers")
    }
}
