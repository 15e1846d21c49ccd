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
        try await transfers(in: city, "direction=incoming&status=pending").compactMap { $0["id"].string }
    }

    /// Every transfer of `city` that `query` selects, page after page.
    static func transfers(in city: LocalCity, _ query: String) async throws -> [JSONValue] {
        var items: [JSONValue] = []
        var cursor: String?
        repeat {
            let page = try await city.expect(
                "GET", .intake, "/v1/transfers?\(query)&limit=200" + (cursor.map { "&cursor=\($0)" } ?? ""), as: [.caseworker])
            items += page["items"].items
            cursor = page["nextCursor"].string
        } while cursor != nil
        return items
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
        let listed = try await Self.transfers(in: yekaterinburg, "direction=incoming").first { $0["id"].string == transferId }
        #expect(listed?["fromCity"].string == moscow.name && listed?["case"]["needs"].items.compactMap(\.string) == ["housing", "legal"])
        #expect(listed?["case"]["consents"].items.compactMap(\.string).contains("transfer") == true)
        let outgoing = try await Self.transfers(in: moscow, "direction=outgoing&status=pending")
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

    @Test func anAcceptedHandoverMovesTheCaseAndItsPersonToYekaterinburgAndARefusedOneLeavesItInMoscow() async throws {
        let cities = try LocalCity.all()
        let (moscow, yekaterinburg) = (cities[0], cities[1])
        let caseId = try await Self.newCase(in: moscow, consents: ["housing", "legal", "transfer"])
        let moscowCase = try await moscow.expect("GET", .intake, "/v1/cases/\(caseId)", as: [.caseworker])
        let personId = try #require(moscowCase["personId"].string)
        let transferId = try #require(
            try await moscow.expect(
                "POST", .intake, "/v1/cases/\(caseId)/transfers", as: [.caseworker],
                json: #"{"toCity": "\#(yekaterinburg.name)", "reason": "moves on"}"#
            )["id"].string)
        #expect(try await eventually(.seconds(60)) { try await Self.incoming(in: yekaterinburg).contains(transferId) })
        let accepted = try await yekaterinburg.expect("POST", .intake, "/v1/transfers/\(transferId)/accept", as: [.caseworker])
        let newCase = try #require(accepted["caseId"].string)
        let newPerson = try #require(accepted["personId"].string)
        // She reads back in Yekaterinburg, in both scripts.
        let person = try await yekaterinburg.expect("GET", .intake, "/v1/persons/\(newPerson)", as: [.caseworker])
        #expect(person["givenName"].string == "Айгуль" && person["familyName"].string == "Осмонова")
        #expect(person["nameLatin"].string?.lowercased().contains("osmonova") == true, "\(person)")
        // Yekaterinburg's services act on the case: legal proposes a referral, shelter holds a bed or waitlists her.
        #expect(
            try await eventually(.seconds(90)) {
                let timeline = try await yekaterinburg.expect("GET", .intake, "/v1/cases/\(newCase)/timeline?limit=200", as: [.caseworker])["items"]
                    .items.compactMap { $0["type"].string }
                return timeline.contains("legal.referral.proposed.v1")
                    && (timeline.contains("shelter.booking.held.v1") || timeline.contains("shelter.waitlist.joined.v1"))
            }, "Yekaterinburg's legal and shelter acted on the case")
        // Moscow's case is transferred, and its copy of her no longer opens.
        #expect(
            try await eventually(.seconds(60)) {
                try await moscow.expect("GET", .intake, "/v1/cases/\(caseId)", as: [.caseworker])["status"].string == "transferred"
            })
        let gone = try await moscow.send("GET", .intake, "/v1/persons/\(personId)", token: try await moscow.token([.caseworker]))
        #expect(gone.status == 404, "\(gone.body)")
        let timeline = try await moscow.expect("GET", .intake, "/v1/cases/\(caseId)/timeline?limit=200", as: [.caseworker])["items"].items
            .compactMap { $0["summary"].string }
        #expect(
            timeline.contains { $0.contains("Handover to \(yekaterinburg.name) requested") } && timeline.contains { $0.contains("which accepted it") }
        )

        // A refusal: the case stays open in Moscow, and says why.
        let other = try await Self.newCase(in: moscow, consents: ["housing", "transfer"])
        let refusedId = try #require(
            try await moscow.expect(
                "POST", .intake, "/v1/cases/\(other)/transfers", as: [.caseworker],
                json: #"{"toCity": "\#(yekaterinburg.name)", "reason": "moves on"}"#
            )["id"].string)
        #expect(try await eventually(.seconds(60)) { try await Self.incoming(in: yekaterinburg).contains(refusedId) })
        try await yekaterinburg.expect("POST", .intake, "/v1/transfers/\(refusedId)/reject", as: [.caseworker], json: #"{"reason": "no-capacity"}"#)
        #expect(
            try await eventually(.seconds(60)) {
                try await Self.transfers(in: moscow, "direction=outgoing&status=rejected")
                    .contains { $0["id"].string == refusedId && $0["rejection"].string == "no-capacity" }
            }, "Moscow sees why")
        #expect(try await moscow.expect("GET", .intake, "/v1/cases/\(other)", as: [.caseworker])["status"].string == "open")
    }
}
