import Contracts
import Crypto
import Foundation
import HummingbirdTesting
import ServiceKit
import ServiceTestSupport
import TestSupport
import Testing

@testable import Intake

@Suite("Answering a case handed over, in both cities")
struct TransferAnswerTests {
    /// This (test) city's transfer key pair.
    static let here = Curve25519.KeyAgreement.PrivateKey()
    static let facts = TransferredCase(
        needs: [.housing, .legal], vulnerabilities: [.withChildren], language: "ky", priority: .high, consents: [.housing, .legal, .transfer],
        sex: .female, ageBand: .from25To34, citizenship: "KG")

    /// Her record as Moscow's intake seals it.
    static let record =
        #"{"version": 1, "givenName": "Айгуль", "familyName": "Осмонова", "nameLatin": "Aigul Osmonova", "birthDate": "1996-03-14", "sex": "female", "citizenship": "KG", "languages": ["ky", "ru"], "phone": "+996555010203"}"#

    /// A case handed over to this city from Moscow, its person (`record`) sealed to this city's key.
    static func handOver(_ intake: IntakeHarness, record: String = record, expiresAt: Date = Date().addingTimeInterval(86_400)) async throws
        -> UUID
    {
        let transferId = UUID()
        let sealed = try TransferSeal.seal(Data(record.utf8), to: here.publicKey.rawRepresentation, transfer: transferId)
        try await intake.deliver(
            NetworkCaseTransferRequested(
                transferId: transferId, fromCity: "moscow", toCity: "testcity", expiresAt: expiresAt, case: facts, sealedPerson: sealed),
            from: .network)
        return transferId
    }

    @Test func acceptingMakesThePersonAndTheCaseHereWithItsConsentsAndTellsTheSendingCity() async throws {
        try await withIntake(transferKey: Self.here.rawRepresentation) { intake, client in
            let caseworker = try await intake.token([.caseworker])
            let already = try await createPerson(
                client, token: caseworker, personJSON(given: "Aigul", family: "Osmonova", birthDate: "1996-03-14"))
            let transferId = try await Self.handOver(intake)
            let response = try await client.send(.post, "/v1/transfers/\(transferId)/accept", token: caseworker)
            #expect(response.status == .ok, "\(response.text)")
            struct Accepted: Decodable {
                struct Duplicate: Decodable { let id: UUID }
                let caseId: UUID
                let personId: UUID
                let possibleDuplicates: [Duplicate]
            }
            let accepted = try response.decoded(as: Accepted.self)
            #expect(accepted.possibleDuplicates.map(\.id) == [already], "the same name in Latin and the same birth date")
            let person = try await client.send(.get, "/v1/persons/\(accepted.personId)", token: caseworker)
            #expect(person.text.contains("Айгуль") && person.text.contains("Осмонова") && person.text.contains("Aigul Osmonova"))
            let registered = try #require(try await intake.events(CaseRegistered.self).first { $0.caseId == accepted.caseId })
            #expect(
                registered.channel == .transfer && registered.needs == [.housing, .legal] && registered.consents == [.housing, .legal, .transfer])
            #expect(
                try await intake.events(CaseTransferAnswered.self) == [
                    CaseTransferAnswered(transferId: transferId, fromCity: "moscow", toCity: "testcity", caseId: accepted.caseId, rejection: nil)
                ])
            let timeline = try await client.send(.get, "/v1/cases/\(accepted.caseId)/timeline", token: caseworker)
            #expect(timeline.text.contains("Handed over from moscow and accepted here"))
            #expect(try await client.send(.post, "/v1/transfers/\(transferId)/accept", token: caseworker).status == .conflict, "once")
            #expect(
                try await client.send(.post, "/v1/transfers/\(transferId)/reject", token: caseworker, json: #"{"reason": "other"}"#).status
                    == .conflict)
            #expect(try await client.send(.post, "/v1/transfers/\(UUID())/accept", token: caseworker).status == .notFound)
            #expect(try await intake.rawText("SELECT count(*) FROM \"\(intake.schema)\".transfers WHERE sealed_person IS NOT NULL") == "(0)")
        }
    }

    @Test func aRefusalGivesAReasonFromTheListAndAnExpiredTransferIsNoLongerAccepted() async throws {
        try await withIntake(transferKey: Self.here.rawRepresentation) { intake, client in
            let caseworker = try await intake.token([.caseworker])
            let refused = try await Self.handOver(intake)
            let bad = try await client.send(.post, "/v1/transfers/\(refused)/reject", token: caseworker, json: #"{"reason": "busy"}"#)
            #expect(bad.status == .unprocessableContent && bad.problemFields == ["reason"])
            #expect(
                try await client.send(.post, "/v1/transfers/\(refused)/reject", token: caseworker, json: #"{"reason": "no-capacity"}"#).status == .ok)
            #expect(try await intake.events(CaseTransferAnswered.self).map(\.rejection) == [.noCapacity])
            let listed = try await client.send(.get, "/v1/transfers?direction=incoming&status=rejected", token: caseworker)
            #expect(listed.text.contains(refused.lowercased) && listed.text.contains("no-capacity"))

            let late = try await Self.handOver(intake, expiresAt: Date().addingTimeInterval(-60))
            #expect(try await client.send(.post, "/v1/transfers/\(late)/accept", token: caseworker).status == .conflict)
            #expect(try await client.send(.get, "/v1/transfers?status=expired", token: caseworker).text.contains(late.lowercased))
            #expect(try await intake.events(CaseRegistered.self).isEmpty, "nothing was registered")
        }
    }

    @Test func withoutThisCitysKeyNothingIsAccepted() async throws {
        try await withIntake(transferKey: Curve25519.KeyAgreement.PrivateKey().rawRepresentation) { intake, client in
            let transferId = try await Self.handOver(intake)
            let response = try await client.send(.post, "/v1/transfers/\(transferId)/accept", token: try await intake.token([.caseworker]))
            #expect(response.status == .conflict && response.text.contains("JARDAM_TRANSFER_KEY"))
            #expect(try await intake.events(CaseRegistered.self).isEmpty)
            #expect(try await intake.rawText("SELECT count(*) FROM \"\(intake.schema)\".persons") == "(0)", "no half-written person")
        }
    }

    @Test func aRecordThatBreaksThisCitysRulesIsRefusedWithItsFieldsAndLeavesNothingBehind() async throws {
        try await withIntake(transferKey: Self.here.rawRepresentation) { intake, client in
            let caseworker = try await intake.token([.caseworker])
            let long = String(repeating: "я", count: 101)
            let broken = Self.record.replacingOccurrences(of: "Айгуль", with: "Ай\\u0000гуль")
                .replacingOccurrences(of: "Осмонова", with: long).replacingOccurrences(of: "+996555010203", with: "12")
            let transferId = try await Self.handOver(intake, record: broken)
            let refused = try await client.send(.post, "/v1/transfers/\(transferId)/accept", token: caseworker)
            #expect(refused.status == .conflict, "\(refused.text)")
            #expect(refused.text.contains("familyName, givenName, phone") && !refused.text.contains(long), "\(refused.text)")
            #expect(try await intake.rawText("SELECT count(*) FROM \"\(intake.schema)\".persons") == "(0)")
            #expect(try await intake.rawText("SELECT count(*) FROM \"\(intake.schema)\".cases") == "(0)")
            #expect(try await intake.events(CaseRegistered.self).isEmpty)
            // Still pending: the caseworker refuses it.
            let rejected = try await client.send(.post, "/v1/transfers/\(transferId)/reject", token: caseworker, json: #"{"reason": "other"}"#)
            #expect(rejected.status == .ok, "\(rejected.text)")
        }
    }

    @Test func theSendingCitysCaseIsTransferredAndItsPersonShreddedOnAcceptanceAndStaysOpenOnRefusal() async throws {
        try await withIntake { intake, client in
            try await TransferTests.linkYekaterinburg(intake)
            let caseworker = try await intake.token([.caseworker])
            let person = try await createPerson(client, token: caseworker, personJSON(given: "Айгуль", family: "Осмонова"))
            let caseId = try await createCase(client, token: caseworker, person: person, consents: [.housing, .transfer])
            func transfer(_ caseId: UUID) async throws -> UUID {
                let response = try await client.send(
                    .post, "/v1/cases/\(caseId)/transfers", token: caseworker, json: #"{"toCity": "yekaterinburg", "reason": "moves"}"#)
                struct Created: Decodable { let id: UUID }
                return try response.decoded(as: Created.self).id
            }
            let other = try await createCase(
                client, token: caseworker, person: try await createPerson(client, token: caseworker), consents: [.transfer])
            let refusedId = try await transfer(other)
            try await intake.deliver(
                NetworkCaseTransferRejected(transferId: refusedId, fromCity: "testcity", toCity: "yekaterinburg", reason: .notInCity), from: .network)
            #expect(try await client.send(.get, "/v1/cases/\(other)", token: caseworker).text.contains(#""status":"open""#))
            #expect(
                try await client.send(.get, "/v1/cases/\(other)/timeline", token: caseworker).text.contains(
                    "yekaterinburg refused the handover (not in city)"))

            let acceptedId = try await transfer(caseId)
            let accepted = NetworkCaseTransferAccepted(transferId: acceptedId, fromCity: "testcity", toCity: "yekaterinburg")
            try await intake.deliver(accepted, from: .network)
            try await intake.deliver(accepted, from: .network)
            #expect(try await client.send(.get, "/v1/cases/\(caseId)", token: caseworker).text.contains(#""status":"transferred""#))
            let updates = try await intake.events(CaseUpdated.self).filter { $0.caseId == caseId }
            #expect(updates.map(\.status) == [.transferred], "announced once, so that this city's services let go of it")
            #expect(try await client.send(.get, "/v1/persons/\(person)", token: caseworker).status == .notFound, "her copy here no longer opens")
            #expect(try await client.send(.get, "/v1/cases/\(caseId)/timeline", token: caseworker).text.contains("which accepted it"))
            let listed = try await client.send(.get, "/v1/transfers?direction=outgoing", token: caseworker).text
            #expect(listed.contains(#""status":"accepted""#) && listed.contains(#""rejection":"not-in-city""#))
        }
    }
}

@Suite("A handover cancelled or expired")
struct TransferCancellationTests {
    @Test func withdrawingTheTransferConsentOrClosingTheCaseCancelsThePendingHandoverAndTellsTheOtherCity() async throws {
        try await withIntake { intake, client in
            try await TransferTests.linkYekaterinburg(intake)
            let caseworker = try await intake.token([.caseworker])
            let person = try await createPerson(client, token: caseworker)
            func pendingTransfer() async throws -> (caseId: UUID, transferId: UUID) {
                let caseId = try await createCase(client, token: caseworker, person: person, consents: [.housing, .transfer])
                let response = try await client.send(
                    .post, "/v1/cases/\(caseId)/transfers", token: caseworker, json: #"{"toCity": "yekaterinburg", "reason": "moves"}"#)
                struct Created: Decodable { let id: UUID }
                return (caseId, try response.decoded(as: Created.self).id)
            }
            let withdrawn = try await pendingTransfer()
            let consent = try await client.send(
                .post, "/v1/cases/\(withdrawn.caseId)/consents", token: caseworker, json: #"{"purpose": "transfer", "granted": false}"#)
            #expect(consent.status == .created, "\(consent.text)")
            let closed = try await pendingTransfer()
            #expect(try await client.send(.patch, "/v1/cases/\(closed.caseId)", token: caseworker, json: #"{"status": "closed"}"#).status == .ok)
            let cancelled = try await intake.events(CaseTransferCancelled.self)
            #expect(
                cancelled.map(\.transferId) == [withdrawn.transferId, closed.transferId] && cancelled.allSatisfy { $0.toCity == "yekaterinburg" })
            let listed = try await client.send(.get, "/v1/transfers?direction=outgoing&status=cancelled", token: caseworker).text
            #expect(listed.contains(withdrawn.transferId.lowercased) && listed.contains(closed.transferId.lowercased))
            #expect(
                try await client.send(.get, "/v1/cases/\(withdrawn.caseId)/timeline", token: caseworker).text.contains(
                    "Handover to yekaterinburg cancelled"))
        }
    }

    @Test func aHandoverTheSendingCityCancelledOrThatExpiredCanNoLongerBeAccepted() async throws {
        try await withIntake(transferKey: TransferAnswerTests.here.rawRepresentation) { intake, client in
            let caseworker = try await intake.token([.caseworker])
            let cancelled = try await TransferAnswerTests.handOver(intake)
            try await intake.deliver(NetworkCaseTransferCancelled(transferId: cancelled, fromCity: "moscow", toCity: "testcity"), from: .network)
            #expect(try await client.send(.post, "/v1/transfers/\(cancelled)/accept", token: caseworker).status == .conflict)
            // A cancellation that overtakes its request: the request is not listed when it comes.
            let overtaken = UUID()
            try await intake.deliver(NetworkCaseTransferCancelled(transferId: overtaken, fromCity: "moscow", toCity: "testcity"), from: .network)
            let sealed = try TransferSeal.seal(Data("{}".utf8), to: TransferAnswerTests.here.publicKey.rawRepresentation, transfer: overtaken)
            try await intake.deliver(
                NetworkCaseTransferRequested(
                    transferId: overtaken, fromCity: "moscow", toCity: "testcity", expiresAt: Date().addingTimeInterval(86_400),
                    case: TransferAnswerTests.facts, sealedPerson: sealed), from: .network)
            #expect(try await !client.send(.get, "/v1/transfers?status=pending", token: caseworker).text.contains(overtaken.lowercased))
            let expiring = try await TransferAnswerTests.handOver(intake, expiresAt: Date().addingTimeInterval(3600))
            #expect(try await intake.registry.expireTransfers(at: Date().addingTimeInterval(7200)) == 1)
            #expect(try await intake.events(CaseTransferExpired.self).isEmpty, "an incoming transfer has no case here to tell")
            #expect(try await client.send(.get, "/v1/transfers?status=expired", token: caseworker).text.contains(expiring.lowercased))
            #expect(try await intake.rawText("SELECT count(*) FROM \"\(intake.schema)\".transfers WHERE sealed_person IS NOT NULL") == "(0)")
            #expect(try await intake.events(CaseRegistered.self).isEmpty)
        }
    }

    @Test func anAcceptanceDelayedPastThisCitysExpirySweepStillHandsTheCaseOver() async throws {
        try await withIntake { intake, client in
            try await TransferTests.linkYekaterinburg(intake)
            let caseworker = try await intake.token([.caseworker])
            let caseId = try await createCase(
                client, token: caseworker, person: try await createPerson(client, token: caseworker), consents: [.transfer])
            let response = try await client.send(
                .post, "/v1/cases/\(caseId)/transfers", token: caseworker, json: #"{"toCity": "yekaterinburg", "reason": "moves"}"#)
            struct Created: Decodable { let id: UUID }
            let transferId = try response.decoded(as: Created.self).id
            #expect(try await intake.registry.expireTransfers(at: Date().addingTimeInterval(30 * 86_400)) == 1)
            #expect(try await intake.events(CaseTransferExpired.self).map(\.transferId) == [transferId])
            #expect(
                try await client.send(.get, "/v1/cases/\(caseId)/timeline", token: caseworker).text.contains(
                    "Handover to yekaterinburg expired unanswered"))
            try await intake.deliver(
                NetworkCaseTransferAccepted(transferId: transferId, fromCity: "testcity", toCity: "yekaterinburg"), from: .network)
            #expect(try await client.send(.get, "/v1/cases/\(caseId)", token: caseworker).text.contains(#""status":"transferred""#))
        }
    }
}
