import Contracts
import Foundation
import HTTPTypes
import HummingbirdTesting
import Logging
import ServiceKit
import ServiceTestSupport
import TestSupport
import Testing

@testable import Intake

@Suite("Erasure, and the canary person who must never leave intake")
struct ErasureAndCanaryTests {
    @Test func erasureDestroysThePersonsDataKeepsAnonymousCasesAndIsAnnounced() async throws {
        try await withIntake { intake, client in
            let desk = try await intake.token([.operator])
            let supervisor = try await intake.token([.supervisor], subject: "supervisor-1")
            let person = try await createPerson(client, token: desk, personJSON(phone: "+7 999 111 22 33", document: ("passport", "KG7654321")))
            let duplicate = try await createPerson(client, token: desk, personJSON(given: "Asel", family: "Jumabaeva"))
            let caseId = try await createCase(client, token: desk, person: duplicate, summary: "lives with her brother")
            _ = try await client.send(
                .post, "/v1/persons/\(duplicate)/merge", token: try await intake.token([.caseworker]), json: #"{"intoId": "\#(person)"}"#)
            let sealedBefore = try await intake.pool.query("SELECT given_name FROM \"\(intake.schema)\".persons WHERE id = $1", [person])[0].decode(
                "given_name", as: Data.self)

            #expect(try await client.send(.delete, "/v1/persons/\(person)", token: try await intake.token([.caseworker])).status == .forbidden)
            #expect(try await client.send(.delete, "/v1/persons/\(UUID())", token: supervisor).status == .notFound)
            #expect(try await client.send(.delete, "/v1/persons/\(person)", token: supervisor).status == .noContent)
            #expect(try await client.send(.delete, "/v1/persons/\(person)", token: supervisor).status == .noContent)

            #expect(try await client.send(.get, "/v1/persons/\(person)", token: supervisor).status == .notFound)
            #expect(try await client.send(.get, "/v1/persons/\(duplicate)", token: supervisor).status == .notFound)
            let rows = try await intake.rawText(
                "SELECT given_name, family_name, name_latin, birth_date, phone, document_number, document_hash, phone_hash, birth_date_hash, sex, citizenship FROM \"\(intake.schema)\".persons"
            )
            #expect(rows.split(separator: "\n").allSatisfy { $0 == "(,,,,,,,,,,)" }, "\(rows)")
            let keys = try await intake.rawText("SELECT wrapped_key FROM \"\(intake.schema)\".person_keys")
            #expect(keys.split(separator: "\n").allSatisfy { $0 == "()" })
            await #expect(throws: VaultError.self) {
                try await intake.pool.withConnection { connection in
                    _ = try await intake.registry.vault.key(for: person.lowercased, on: connection).open(sealedBefore)
                }
            }
            let anonymous = try await client.send(.get, "/v1/cases/\(caseId)", token: supervisor)
            #expect(anonymous.status == .ok && !anonymous.text.contains("brother"))
            let erased = try await intake.events().filter { $0.type == PersonErased.type }.map { try $0.decodeData(as: PersonErased.self).personRef }
            #expect(Set(erased) == [person.lowercased, duplicate.lowercased] && erased.count == 2)
        }
    }

    @Test func theCanaryNeverAppearsInLogsEventsOrErrors() async throws {
        let captured = CapturedLog()
        let logger = Logger(label: "intake") { _ in captured }
        let canary = (given: "Canaryname", family: "Kanareikina", phone: "+7 900 555 01 99", document: "CANARY99")
        try await withIntake(logger: logger) { intake, client in
            let desk = try await intake.token([.operator])
            var bodies: [String] = []
            let person = try await createPerson(
                client, token: desk,
                personJSON(given: canary.given, family: canary.family, phone: canary.phone, document: ("passport", canary.document)))
            let caseId = try await createCase(
                client, token: desk, person: person, consents: [.legal, .housing], summary: "\(canary.given) sleeps outside")
            bodies.append(
                try await client.send(
                    .post, "/v1/persons", token: desk,
                    json: personJSON(given: canary.given, family: canary.family, sex: canary.family, phone: canary.phone + "x")
                ).text)
            bodies.append(
                try await client.send(
                    .post, "/v1/persons", token: desk,
                    json: personJSON(given: canary.given, family: canary.family, document: (canary.document, canary.document))
                ).text)
            bodies.append(try await client.send(.post, "/v1/persons", token: desk, json: #"{"givenName": "\#(canary.given)", "familyName": 7}"#).text)
            bodies.append(try await client.send(.post, "/v1/persons", token: desk, json: #"{"givenName": "\#(canary.given)"#).text)
            bodies.append(try await client.send(.post, "/v1/cases", token: desk, json: #"{"personId": "\#(canary.given)"}"#).text)
            bodies.append(try await client.send(.get, "/v1/persons/\(canary.document)", token: desk).text)
            bodies.append(
                try await client.send(.post, "/v1/cases/\(caseId)/consents", token: desk, json: #"{"purpose": "\#(canary.family)", "granted": true}"#)
                    .text)
            _ = try await client.send(.patch, "/v1/cases/\(caseId)", token: try await intake.token([.caseworker]), json: #"{"needs": ["legal"]}"#)
            _ = try await client.send(.delete, "/v1/persons/\(person)", token: try await intake.token([.supervisor]))

            let events = try await intake.events().map { String(decoding: try $0.encoded(), as: UTF8.self) }
            #expect(events.count >= 3)
            let timeline = try await intake.rawText("SELECT * FROM \"\(intake.schema)\".timeline")
            let audit = try await intake.rawText("SELECT * FROM \"\(intake.schema)\".audit_log")
            let everything = (bodies + events + [timeline, audit] + captured.lines).joined(separator: "\n")
            for secret in [canary.given, canary.family, "900 555", "9005550199", canary.document] {
                #expect(!everything.contains(secret), "\(secret) leaked")
            }
        }
    }
}
