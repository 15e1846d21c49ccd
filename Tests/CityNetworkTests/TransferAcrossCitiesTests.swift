import Contracts
import Eventing
import Foundation
import Messaging
import ServiceKit
import TestSupport
import Testing

/// A case handed over from Moscow to Yekaterinburg reaches Yekaterinburg only, its person sealed
/// to Yekaterinburg's transfer key.
@Suite("Cases handed over between three cities", .serialized)
struct TransferAcrossCitiesTests {
    /// A person and a case in `city` consenting to `consents`; returns the case id.
    static func newCase(in city: LocalCity, consents: [String]) async throws -> String {
        let person = try await city.expect(
            "POST", .intake, "/v1/persons", as: [.caseworker],
            json:
                #"{"givenName": "Айгуль", "familyName": "Осмонова", "birthDate": "1996-03-14", "sex": "female", "citizenship": "KG", "languages": ["ky", "ru"]}"#
        )
        let list = consents.map { "\"\($0)\"" }.joined(separator: ", ")
        let created = try await city.expect(
            "POST", .intake, "/v1/cases", as: [.caseworker],
            json:
                #"{"personId": "\#(person["id"].string!)", "channel": "hotline", "language": "ky", "needs": ["housing", "legal"], "vulnerabilities": ["with-children"], "consents": [\#(list)]}"#
        )
        return created["id"].string!
    }

    /// The pending incoming transfers of `city`, by id.
    static func incoming(in city: LocalCity) async throws -> [String] {
        try await city.expect("GET", .intake, "/v1/transfers?direction=incoming&status=pending&limit=200", as: [.caseworker])["items"].items
            .compactMap { $0["id"].string }
    }

    @Test func aHandoverFromMoscowIsPendingInYekaterinburgOnlyAndRefusedWithoutConsentOrLink() async throws {
        let cities = try LocalCity.all()
        let (moscow, yekaterinburg, novosibirsk) = (cities[0], cities[1], cities[2])
        // Each city's transfer key pair was made by openssl; the public half is the private half's.
        for city in cities {
            let privateKey = try #require(Data(base64Encoded: city.variables["INTAKE_TRANSFER_KEY"] ?? ""))
            #expect(try TransferSeal.publicKey(of: privateKey).base64EncodedString() == city.variables["TRANSFER_PUBLIC_KEY"], "\(city.name)")
        }

        let broker = try await AMQPConnection.connect(try #require(AMQPURL(novosibirsk.variables["JARDAM_AMQP_URL"]!)))
        let deadBefore = try await broker.messageCount(ServiceIdentity.network.consumerQueue(city: novosibirsk.name).deadLetterQueue)
        let caseId = try await Self.newCase(in: moscow, consents: ["housing", "legal", "transfer"])
        let created = try await moscow.expect(
            "POST", .intake, "/v1/cases/\(caseId)/transfers", as: [.caseworker], json: #"{"toCity": "\#(yekaterinburg.name)", "reason": "moves on"}"#)
        let transferId = try #require(created["id"].string)
        #expect(created["status"].string == "pending")
        #expect(try await eventually(.seconds(60)) { try await Self.incoming(in: yekaterinburg).contains(transferId) }, "pending in Yekaterinburg")
        let listed = try await yekaterinburg.expect("GET", .intake, "/v1/transfers?direction=incoming", as: [.supervisor])["items"].items
            .first { $0["id"].string == transferId }
        #expect(listed?["fromCity"].string == moscow.name && listed?["case"]["needs"].items.compactMap(\.string) == ["housing", "legal"])
        #expect(listed?["case"]["consents"].items.compactMap(\.string).contains("transfer") == true)
        let outgoing = try await moscow.expect("GET", .intake, "/v1/transfers?direction=outgoing&status=pending", as: [.caseworker])["items"].items
        #expect(outgoing.contains { $0["id"].string == transferId && $0["caseId"].string == caseId })
        // Novosibirsk's broker never got it: federation brings a city only what it binds. A flag
        // sent after it on the same link arrives there, and nothing was refused before it.
        let taxId = EmployerFlagTests.newTaxId()
        try await moscow.expect("POST", .legalReferral, "/v1/employers/\(taxId)/flag", as: [.supervisor], json: #"{"reason": "after the transfer"}"#)
        #expect(try await eventually(.seconds(60)) { try await EmployerFlagTests.flaggingCities(of: taxId, in: novosibirsk) == [moscow.name] })
        #expect(try await broker.messageCount(ServiceIdentity.network.consumerQueue(city: novosibirsk.name).deadLetterQueue) == deadBefore)
        await broker.close()
        #expect(try await !Self.incoming(in: novosibirsk).contains(transferId))

        let unconsenting = try await Self.newCase(in: moscow, consents: ["housing"])
        let refused = try await moscow.send(
            "POST", .intake, "/v1/cases/\(unconsenting)/transfers", token: try await moscow.token([.caseworker]),
            json: #"{"toCity": "\#(yekaterinburg.name)", "reason": "moves on"}"#)
        #expect(refused.status == 409 && refused.body["type"].string?.hasSuffix("consent-required") == true, "\(refused.body)")
        let unlinked = try await moscow.send(
            "POST", .intake, "/v1/cases/\(caseId)/transfers", token: try await moscow.token([.caseworker]),
            json: #"{"toCity": "omsk", "reason": "moves on"}"#)
        #expect(unlinked.status == 422 && unlinked.body["errors"].items.first?["field"].string == "toCity", "\(unlinked.body)")
    }
}
