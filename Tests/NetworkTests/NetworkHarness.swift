import Contracts
import Eventing
import Foundation
import HummingbirdTesting
import ServiceKit
import ServiceTestSupport
import TestSupport

@testable import NetworkService

/// Runs `body` against the network service's routes and reactions on a fresh, migrated schema
/// (its city is `testcity`).
func withNetwork<T: Sendable>(_ body: @Sendable (ServiceHarness, any TestClientProtocol) async throws -> T) async throws -> T {
    try await withService(.network, migrations: "Services/Network/Migrations", build: { buildNetwork(environment: $0) }, body)
}

extension ServiceHarness {
    /// A transfer public key as `jardamctl network link` passes it.
    static let transferKey = Data(repeating: 9, count: 32).base64EncodedString()

    /// Links the city `city` as an operator does; throws unless it is 200.
    func link(_ client: any TestClientProtocol, city: String) async throws {
        let response = try await client.send(
            .put, "/v1/network/links/\(city)", token: try await token([.ops]), json: #"{"transferKey": "\#(Self.transferKey)"}"#)
        guard response.status == .ok else { throw TestFailure("link to \(city) refused: \(response.text)") }
    }

    /// The outbox's rows: exchange, routing key and event, oldest first.
    func outboxRows() async throws -> [(exchange: String, routingKey: String?, event: EventEnvelope)] {
        try await pool.query("SELECT exchange, routing_key, body FROM \"\(schema)\".outbox ORDER BY position").map {
            (
                try $0.decode("exchange"), try $0.decode("routing_key"),
                try EventEnvelope.decode(Data(try $0.decode("body", as: String.self).utf8))
            )
        }
    }
}
