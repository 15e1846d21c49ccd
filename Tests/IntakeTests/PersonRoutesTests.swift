import Contracts
import Foundation
import HTTPTypes
import HummingbirdTesting
import ServiceKit
import ServiceTestSupport
import TestSupport
import Testing

@testable import Intake

@Suite("Persons: sealed at rest, audited reads, duplicates, merge")
struct PersonRoutesTests {
    struct PersonBody: Decodable {
        struct Duplicate: Decodable, Equatable { let id: UUID; let reason: String; let reasons: [String] }
        let id: UUID
        let givenName: String
        let familyName: String
        let nameLatin: String
        let birthDate: String?
        let phone: String?
        let mergedInto: UUID?
        let possibleDuplicates: [Duplicate]?
    }

    @Test func aPersonIsStoredSealedAndEveryReadIsAudited() async throws {
        try await withIntake { intake, client in
            let token = try await intake.token([.operator], subject: "operator-1")
            let created = try await client.send(
                .post, "/v1/persons", token: token,
                json: personJSON(phone: "+996 555 123 456", document: ("passport", "ID1234567")))
            #expect(created.status == .created)
            let person = try created.decoded(as: PersonBody.self)
            #expect(person.givenName == "Асель" && person.nameLatin == "Asel Zhumabaeva")
            #expect(person.phone == "+996 555 123 456" && person.possibleDuplicates == [])

            let raw = try await intake.rawText("SELECT * FROM \"\(intake.schema)\".persons")
            for plain in ["Асель", "Жумабаева", "Asel", "123 456", "ID1234567", "1994-03-08"] {
                #expect(!raw.contains(plain) && !raw.contains(Data(plain.utf8).map { String(format: "%02x", $0) }.joined()), "\(plain) lies in clear")
            }

            let read = try await client.send(
                .get, "/v1/persons/\(person.id)", token: try await intake.token([.caseworker], subject: "caseworker-9"),
                headers: [.init("Jardam-Access-Reason")!: "call back"])
            #expect(read.status == .ok)
            #expect(try read.decoded(as: PersonBody.self).familyName == "Жумабаева")
            let audit = try await intake.rawText(
                "SELECT actor, action, reason FROM \"\(intake.schema)\".audit_log WHERE subject = $1 ORDER BY id", ["person/\(person.id.lowercased)"])
            #expect(audit.contains("(operator-1,create,)") && audit.contains("(caseworker-9,read,\"call back\")"), "\(audit)")
        }
    }

    @Test func refusalsAreProblemsThatNameTheField() async throws {
        try await withIntake { intake, client in
            let token = try await intake.token([.operator])
            let malformed = try await client.send(.post, "/v1/persons", token: token, json: "{\"givenName\": ")
            #expect(malformed.status == .badRequest)
            let wrongType = try await client.send(.post, "/v1/persons", token: token, json: #"{"givenName": 5}"#)
            #expect(wrongType.status == .badRequest && wrongType.problemFields == ["givenName"])
            let broken = try await client.send(
                .post, "/v1/persons", token: token,
                json: personJSON(
                    given: " ", birthDate: "2999-01-01", sex: "other", citizenship: "Kyrgyzstan", languages: [], phone: "call me",
                    document: ("letter", "1")))
            #expect(broken.status == .unprocessableContent)
            #expect(
                Set(broken.problemFields) == [
                    "givenName", "birthDate", "sex", "citizenship", "languages", "phone", "document.type", "document.number",
                ])
            #expect(!broken.text.contains("call me") && !broken.text.contains("Kyrgyzstan"))
            #expect(try await client.send(.post, "/v1/persons", token: nil, json: personJSON()).status == .unauthorized)
            #expect(
                try await client.send(.post, "/v1/persons", token: try await intake.token([.shelterManager]), json: personJSON()).status == .forbidden
            )
            #expect(try await client.send(.get, "/v1/persons/\(UUID())", token: try await intake.token([.caseworker])).status == .notFound)
            #expect(try await client.send(.get, "/v1/persons/not-an-id", token: try await intake.token([.caseworker])).status == .notFound)
            #expect(try await client.send(.get, "/v1/persons/\(UUID())", token: try await intake.token([.lawyer])).status == .forbidden)
        }
    }

    @Test func duplicatesAreFoundByDocumentPhoneAndNameAcrossScripts() async throws {
        try await withIntake { intake, client in
            let token = try await intake.token([.operator])
            let first = try await createPerson(client, token: token, personJSON(phone: "+996 555 000 111", document: ("passport", "AN 0012345")))
            func duplicates(_ json: String) async throws -> [PersonBody.Duplicate] {
                let response = try await client.send(.post, "/v1/persons", token: token, json: json)
                #expect(response.status == .created)
                return try response.decoded(as: PersonBody.self).possibleDuplicates ?? []
            }
            let latin = try await duplicates(personJSON(given: "Asel", family: "Jumabaeva"))
            #expect(latin.map(\.id) == [first] && latin.first?.reason == "similar-name-and-birth-date")
            let reversedOrder = try await duplicates(personJSON(given: "Zhumabaeva", family: "Assel", birthDate: "1994-03-08"))
            #expect(reversedOrder.map(\.id).contains(first))
            let phone = try await duplicates(personJSON(given: "Бакыт", family: "Осмонов", birthDate: nil, sex: "male", phone: "996555000111"))
            #expect(phone.map(\.id) == [first] && phone.first?.reason == "same-phone")
            let document = try await duplicates(
                personJSON(given: "Other", family: "Person", birthDate: "1980-01-01", document: ("passport", "an0012345")))
            #expect(document.map(\.id) == [first] && document.first?.reasons == ["same-document"])
            let otherBirthDate = try await duplicates(personJSON(given: "Asel", family: "Zhumabaeva", birthDate: "1995-03-08"))
            #expect(otherBirthDate.isEmpty)
            let otherName = try await duplicates(personJSON(given: "Юлдуз", family: "Каримова"))
            #expect(!otherName.map(\.id).contains(first))
            let comparisons = try await intake.pool.query(
                "SELECT count(*) AS n FROM \"\(intake.schema)\".audit_log WHERE action = 'compare-name' AND subject = $1",
                ["person/\(first.lowercased)"])
            #expect(try comparisons[0].decode("n", as: Int.self) >= 3)
        }
    }

    @Test func duplicatesAreAskedForBeforeSavingAndNothingIsStored() async throws {
        try await withIntake { intake, client in
            struct Found: Decodable { let items: [PersonBody.Duplicate] }
            let token = try await intake.token([.operator])
            let first = try await createPerson(client, token: token, personJSON(phone: "+996 555 000 222"))
            func persons() async throws -> Int {
                try await intake.pool.query("SELECT count(*) AS n FROM \"\(intake.schema)\".persons")[0].decode("n", as: Int.self)
            }
            let stored = try await persons()
            let asked = try await client.send(
                .post, "/v1/persons/duplicates", token: token,
                json: personJSON(given: "Бакыт", family: "Осмонов", birthDate: nil, sex: "male", phone: "996555000222"))
            #expect(asked.status == .ok)
            let found = try asked.decoded(as: Found.self).items
            #expect(found.map(\.id) == [first] && found.first?.reason == "same-phone")
            let latin = try await client.send(.post, "/v1/persons/duplicates", token: token, json: personJSON(given: "Asel", family: "Jumabaeva"))
            #expect(try latin.decoded(as: Found.self).items.map(\.id) == [first])
            #expect(
                try await client.send(
                    .post, "/v1/persons/duplicates", token: token, json: personJSON(given: "Юлдуз", family: "Каримова", birthDate: "1970-01-01")
                ).decoded(as: Found.self).items.isEmpty)
            #expect(try await persons() == stored, "asking stores nobody")
            #expect(
                try await client.send(.post, "/v1/persons/duplicates", token: token, json: personJSON(citizenship: "Kyrgyzstan")).status
                    == .unprocessableContent)
            #expect(
                try await client.send(.post, "/v1/persons/duplicates", token: try await intake.token([.lawyer]), json: personJSON()).status
                    == .forbidden)
        }
    }

    @Test func mergingMovesTheCasesAndIsAnnounced() async throws {
        try await withIntake { intake, client in
            let desk = try await intake.token([.operator])
            let caseworker = try await intake.token([.caseworker])
            let duplicate = try await createPerson(client, token: desk, personJSON(given: "Asel", family: "Jumabaeva"))
            let kept = try await createPerson(client, token: desk)
            let caseId = try await createCase(client, token: desk, person: duplicate)

            #expect(
                try await client.send(.post, "/v1/persons/\(duplicate)/merge", token: desk, json: #"{"intoId": "\#(kept)"}"#).status == .forbidden)
            #expect(
                try await client.send(.post, "/v1/persons/\(duplicate)/merge", token: caseworker, json: #"{"intoId": "\#(duplicate)"}"#).status
                    == .unprocessableContent)
            #expect(
                try await client.send(.post, "/v1/persons/\(UUID())/merge", token: caseworker, json: #"{"intoId": "\#(kept)"}"#).status == .notFound)
            #expect(try await client.send(.post, "/v1/persons/\(duplicate)/merge", token: caseworker, json: #"{"intoId": 3}"#).status == .badRequest)
            let merged = try await client.send(.post, "/v1/persons/\(duplicate)/merge", token: caseworker, json: #"{"intoId": "\#(kept)"}"#)
            #expect(merged.status == .ok)
            #expect(try merged.decoded(as: PersonBody.self).id == kept)
            #expect(
                try await client.send(.post, "/v1/persons/\(duplicate)/merge", token: caseworker, json: #"{"intoId": "\#(kept)"}"#).status
                    == .conflict)

            struct CaseBody: Decodable { let personId: UUID }
            let moved = try await client.send(.get, "/v1/cases/\(caseId)", token: caseworker)
            #expect(try moved.decoded(as: CaseBody.self).personId == kept)
            let old = try await client.send(.get, "/v1/persons/\(duplicate)", token: caseworker)
            #expect(try old.decoded(as: PersonBody.self).mergedInto == kept)
            let event = try #require(try await intake.events().last { $0.type == PersonMerged.type })
            #expect(try event.decodeData(as: PersonMerged.self) == PersonMerged(personRef: duplicate.lowercased, intoPersonRef: kept.lowercased))
            let another = try await client.send(
                .post, "/v1/cases", token: desk, json: caseJSON(person: duplicate, needs: [.legal], vulnerabilities: []))
            #expect(another.status == .unprocessableContent && another.problemFields == ["personId"])
        }
    }
}
