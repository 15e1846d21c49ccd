import Contracts
import Crypto
import Foundation
import HummingbirdTesting
import ServiceKit
import ServiceTestSupport
import TestSupport
import Testing

@testable import Intake

@Suite("Handing a case over to another city")
struct TransferTests {
    /// Yekaterinburg's transfer key pair, as the test knows it.
    static let yekaterinburg = Curve25519.KeyAgreement.PrivateKey()

    /// Links Yekaterinburg as the network service tells intake.
    static func linkYekaterinburg(_ intake: IntakeHarness) async throws {
        try await intake.deliver(
            NetworkLinkDeclared(city: "yekaterinburg", transferKey: yekaterinburg.publicKey.rawRepresentation), from: .network)
    }

    @Test func aConsentingOpenCaseGoesToALinkedCitySealedSoThatOnlyThatCityOpensIt() async throws {
        try await withIntake { intake, client in
            try await Self.linkYekaterinburg(intake)
            let caseworker = try await intake.token([.caseworker])
            let person = try await createPerson(
                client, token: caseworker,
                personJSON(given: "Айгуль", family: "Осмонова", phone: "+996555010203", document: ("passport", "AC1234567")))
            let caseId = try await createCase(client, token: caseworker, person: person, consents: [.legal, .housing, .transfer])
            let response = try await client.send(
                .post, "/v1/cases/\(caseId)/transfers", token: caseworker, json: #"{"toCity": "yekaterinburg", "reason": "moves to her sister"}"#)
            #expect(response.status == .created, "\(response.text)")
            struct Created: Decodable { let id: UUID; let status: String }
            let created = try response.decoded(as: Created.self)
            #expect(created.status == "pending")

            let requested = try #require(try await intake.events(CaseTransferRequested.self).first)
            #expect(requested.transferId == created.id && requested.caseId == caseId && requested.toCity == "yekaterinburg")
            #expect(requested.case.consents.contains(.transfer) && requested.case.needs == [.legal, .housing] && requested.case.citizenship == "KG")
            let opened = try TransferSeal.open(requested.sealedPerson, with: Self.yekaterinburg.rawRepresentation, transfer: created.id)
            let record = try Wire.decode(TransferRecord.self, from: opened)
            #expect(record.givenName == "Айгуль" && record.familyName == "Осмонова" && record.phone == "+996555010203")
            #expect(record.nameLatin.isEmpty == false, "the Latin spelling travels too: \(record.nameLatin)")
            #expect(throws: TransferSeal.Failure.self) {
                try TransferSeal.open(requested.sealedPerson, with: Curve25519.KeyAgreement.PrivateKey().rawRepresentation, transfer: created.id)
            }
            #expect(throws: TransferSeal.Failure.self) {
                try TransferSeal.open(requested.sealedPerson, with: Self.yekaterinburg.rawRepresentation, transfer: UUID())
            }
            // Nothing of her travels in clear, and the reason stays here.
            let body = try await intake.rawText("SELECT body FROM \"\(intake.schema)\".outbox WHERE event_type = $1", [CaseTransferRequested.type])
            for secret in ["Айгуль", "Осмонова", "996555010203", "AC1234567", "Aigul", "sister"] { #expect(!body.contains(secret)) }
            // bytea reads as hex: the reason's own bytes ("sister" is 736973746572) are not there.
            let storedReason = try await intake.rawText("SELECT sealed_reason FROM \"\(intake.schema)\".transfers")
            #expect(storedReason.hasPrefix("(\"\\\\x") && !storedReason.contains("736973746572"), "\(storedReason)")

            let listed = try await client.send(.get, "/v1/transfers?direction=outgoing&status=pending", token: caseworker)
            #expect(listed.status == .ok && listed.text.contains(created.id.lowercased) && listed.text.contains("\"yekaterinburg\""))
            let timeline = try await client.send(.get, "/v1/cases/\(caseId)/timeline", token: caseworker)
            #expect(timeline.text.contains("Handover to yekaterinburg requested"), "\(timeline.text)")
            let again = try await client.send(
                .post, "/v1/cases/\(caseId)/transfers", token: caseworker, json: #"{"toCity": "yekaterinburg", "reason": "again"}"#)
            #expect(again.status == .conflict, "one pending transfer per case")
        }
    }

    @Test func withoutConsentToAnUnlinkedCityOrForAClosedCaseNothingIsSent() async throws {
        try await withIntake { intake, client in
            try await Self.linkYekaterinburg(intake)
            let caseworker = try await intake.token([.caseworker])
            let person = try await createPerson(client, token: caseworker)
            let unconsenting = try await createCase(client, token: caseworker, person: person, consents: [.legal])
            let refused = try await client.send(
                .post, "/v1/cases/\(unconsenting)/transfers", token: caseworker, json: #"{"toCity": "yekaterinburg", "reason": "moves"}"#)
            #expect(refused.status == .conflict && refused.text.contains("consent-required") && refused.text.contains("transfer"), "\(refused.text)")
            let consenting = try await createCase(client, token: caseworker, person: person, consents: [.transfer])
            for (city, field) in [("omsk", "toCity"), ("testcity", "toCity"), ("Omsk", "toCity")] {
                let response = try await client.send(
                    .post, "/v1/cases/\(consenting)/transfers", token: caseworker, json: #"{"toCity": "\#(city)", "reason": "moves"}"#)
                #expect(response.status == .unprocessableContent && response.problemFields == [field], "\(city): \(response.text)")
            }
            let blank = try await client.send(
                .post, "/v1/cases/\(consenting)/transfers", token: caseworker, json: #"{"toCity": "yekaterinburg", "reason": " "}"#)
            #expect(blank.status == .unprocessableContent && blank.problemFields == ["reason"])
            #expect(
                try await client.send(.post, "/v1/cases/\(UUID())/transfers", token: caseworker, json: #"{"toCity": "yekaterinburg", "reason": "x"}"#)
                    .status == .notFound)
            #expect(
                try await client.send(
                    .post, "/v1/cases/\(consenting)/transfers", token: try await intake.token([.operator]),
                    json: #"{"toCity": "yekaterinburg", "reason": "x"}"#
                ).status == .forbidden)
            let closed = try await client.send(.patch, "/v1/cases/\(consenting)", token: caseworker, json: #"{"status": "closed"}"#)
            #expect(closed.status == .ok)
            #expect(
                try await client.send(
                    .post, "/v1/cases/\(consenting)/transfers", token: caseworker, json: #"{"toCity": "yekaterinburg", "reason": "x"}"#
                )
                .status == .conflict)
            #expect(try await intake.events(CaseTransferRequested.self).isEmpty, "nothing was sent")
            #expect(try await intake.rawText("SELECT id FROM \"\(intake.schema)\".transfers").isEmpty, "nothing was written")
        }
    }

    @Test func aCaseHandedOverToThisCityIsListedPendingOnceAndOneForAnotherCityIsRefused() async throws {
        try await withIntake { intake, client in
            let facts = TransferredCase(
                needs: [.housing], vulnerabilities: [.withChildren], language: "ky", priority: .high, consents: [.housing, .transfer], sex: .female,
                ageBand: .from25To34, citizenship: "KG")
            let sealed = try TransferSeal.seal(Data("{}".utf8), to: Self.yekaterinburg.publicKey.rawRepresentation, transfer: UUID())
            let request = NetworkCaseTransferRequested(
                transferId: UUID(), fromCity: "moscow", toCity: "testcity", expiresAt: Date().addingTimeInterval(7 * 86_400), case: facts,
                sealedPerson: sealed)
            let envelope = try EventEnvelope(request, city: "testcity", service: .network)
            #expect(try await intake.deliver(envelope))
            #expect(try await intake.deliver(try EventEnvelope(request, city: "testcity", service: .network)), "a second copy of the same transfer")
            let listed = try await client.send(.get, "/v1/transfers?direction=incoming&status=pending", token: try await intake.token([.supervisor]))
            struct Page: Decodable { let items: [Transfer] }
            let items = try listed.decoded(as: Page.self).items
            #expect(items.count == 1 && items.first?.id == request.transferId && items.first?.fromCity == "moscow" && items.first?.case == facts)
            #expect(
                try await client.send(.get, "/v1/transfers?direction=sideways", token: try await intake.token([.supervisor])).status
                    == .unprocessableContent)
            let misrouted = NetworkCaseTransferRequested(
                transferId: UUID(), fromCity: "moscow", toCity: "novosibirsk", expiresAt: Date(), case: facts, sealedPerson: sealed)
            await #expect(throws: TransferMisrouted.self) {
                try await intake.deliver(try EventEnvelope(misrouted, city: "testcity", service: .network))
            }
            // Words this city does not know, or text no column takes, are refused before anything is kept.
            let unknownNeed = TransferredCase(
                needs: [Need(rawValue: "fly\u{0}ing")], vulnerabilities: [], language: "ky", priority: .high, consents: [.housing], sex: .female,
                ageBand: .from25To34, citizenship: "KG")
            let badLanguage = TransferredCase(
                needs: [.housing], vulnerabilities: [], language: "Kyrgyz!", priority: .high, consents: [.housing], sex: .female,
                ageBand: .from25To34, citizenship: "KG")
            for malformed in [unknownNeed, badLanguage] {
                let request = NetworkCaseTransferRequested(
                    transferId: UUID(), fromCity: "moscow", toCity: "testcity", expiresAt: Date().addingTimeInterval(86_400), case: malformed,
                    sealedPerson: sealed)
                await #expect(throws: TransferMalformed.self) {
                    try await intake.deliver(try EventEnvelope(request, city: "testcity", service: .network))
                }
            }
            #expect(try await intake.rawText("SELECT count(*) FROM \"\(intake.schema)\".transfers") == "(1)")
        }
    }
}

@Suite("Sealing a person for another city (HPKE)")
struct TransferSealTests {
    @Test func aRecordOpensOnlyWithTheCitysKeyForItsTransferAndUnaltered() throws {
        let city = Curve25519.KeyAgreement.PrivateKey()
        let transfer = UUID()
        let record = Data(#"{"givenName":"Айгуль"}"#.utf8)
        let sealed = try TransferSeal.seal(record, to: city.publicKey.rawRepresentation, transfer: transfer)
        #expect(sealed.suite == TransferSeal.suite && sealed.encapsulatedKey.count == 32)
        #expect(!String(decoding: sealed.ciphertext, as: UTF8.self).contains("Айгуль"))
        #expect(try TransferSeal.open(sealed, with: city.rawRepresentation, transfer: transfer) == record)
        var altered = Data(sealed.ciphertext)
        altered[0] ^= 1
        #expect(throws: TransferSeal.Failure.self) {
            try TransferSeal.open(
                SealedPerson(suite: sealed.suite, encapsulatedKey: sealed.encapsulatedKey, ciphertext: altered), with: city.rawRepresentation,
                transfer: transfer)
        }
        #expect(try TransferSeal.publicKey(of: city.rawRepresentation) == city.publicKey.rawRepresentation)
        #expect(throws: TransferSeal.Failure.self) { try TransferSeal.seal(record, to: Data(count: 5), transfer: transfer) }
    }
}
