import Contracts
import Foundation
import HummingbirdTesting
import ServiceKit
import ServiceTestSupport
import Testing

@testable import NetworkService

@Suite("The network service's links")
struct LinkRoutesTests {
    @Test func anOperatorLinksACityAndSupervisorsSeeTheLinks() async throws {
        try await withNetwork { network, client in
            try await network.link(client, city: "yekaterinburg")
            try await network.link(client, city: "novosibirsk")
            try await network.link(client, city: "novosibirsk")
            let response = try await client.send(.get, "/v1/network/links", token: try await network.token([.supervisor]))
            #expect(response.status == .ok)
            let page = try JSONSerialization.jsonObject(with: Data(response.text.utf8)) as? [String: Any]
            let items = try #require(page?["items"] as? [[String: Any]])
            #expect(items.map { $0["city"] as? String } == ["novosibirsk", "yekaterinburg"], "one link per city, by name")
            #expect(items.allSatisfy { $0["transferKey"] as? String == ServiceHarness.transferKey && $0["messagesReceived"] as? Int == 0 })
            #expect(items.allSatisfy { $0["lastMessageAt"] == nil }, "nothing heard yet: \(response.text)")
        }
    }

    @Test func aLinkNeedsACityNameAKeyOf32BytesAndAnotherCity() async throws {
        try await withNetwork { network, client in
            let token = try await network.token([.ops])
            for (city, key, field) in [
                ("Yekaterinburg", ServiceHarness.transferKey, "city"), ("yekaterinburg", Data(count: 31).base64EncodedString(), "transferKey"),
                ("yekaterinburg", "not base64!", "transferKey"), ("testcity", ServiceHarness.transferKey, "city"),
            ] {
                let response = try await client.send(.put, "/v1/network/links/\(city)", token: token, json: #"{"transferKey": "\#(key)"}"#)
                #expect(response.status == .unprocessableContent, "\(city) \(key): \(response.text)")
                #expect(response.text.contains(#""field":"\#(field)""#), "\(response.text)")
            }
            let caseworker = try await network.token([.caseworker])
            #expect(try await client.send(.get, "/v1/network/links", token: caseworker).status == .forbidden)
            #expect(
                try await client.send(.put, "/v1/network/links/omsk", token: try await network.token([.supervisor]), json: "{}").status == .forbidden)
            #expect(try await network.rawText("SELECT * FROM \"\(network.schema)\".links").isEmpty, "nothing was linked")
        }
    }
}

@Suite("docs/openapi/network.yaml")
struct OpenAPITests {
    @Test func everyRouteIsDocumentedAndEveryDocumentedOperationIsServed() async throws {
        try await withNetwork { network, _ in
            let (served, documented) = try servedAndDocumentedOperations(of: network, document: "docs/openapi/network.yaml")
            #expect(served.contains("PUT /v1/network/links/{city}"))
            #expect(
                served == documented,
                "served but not documented: \(served.subtracting(documented).sorted()); documented but not served: \(documented.subtracting(served).sorted())"
            )
        }
    }
}
