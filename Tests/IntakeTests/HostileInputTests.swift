import Contracts
import Foundation
import HTTPTypes
import ServiceTestSupport
import Testing

@testable import Intake

@Suite("Intake refuses what its OpenAPI document refuses: NUL, blank names, foreign digits, long reasons")
struct HostileInputTests {
    @Test func aNulInANameIs422AndNothingIsStored() async throws {
        try await withIntake { intake, client in
            let desk = try await intake.token([.operator])
            let response = try await client.send(
                .post, "/v1/persons", token: desk,
                json:
                    #"{"givenName": "Nul\u0000Name", "familyName": "Ok", "sex": "female", "citizenship": "KG", "languages": ["ky"], "document": {"type": "passport", "number": "A\u00001"}}"#
            )
            #expect(response.status == .unprocessableContent && response.problemFields == ["document.number", "givenName"], "\(response.text)")
            #expect(!response.text.contains("Nul"), "the value is not quoted back")
            #expect(try await intake.rawText("SELECT id FROM \"\(intake.schema)\".persons").isEmpty)
        }
    }

    @Test func whatTheSchemaRefusesIsRefusedFieldByField() async throws {
        try await withIntake { intake, client in
            let desk = try await intake.token([.operator])
            // An ideographic space is blank; Arabic-Indic digits are not the phone's digits; a
            // number of Cyrillic letters only has no Latin letter or digit to count.
            let response = try await client.send(
                .post, "/v1/persons", token: desk,
                json:
                    #"{"givenName": "\u3000", "familyName": "Ok", "sex": "female", "citizenship": "KG", "languages": ["ky"], "phone": "\u0661\u0662\u0663\u0664\u0665\u0666\u0667", "document": {"type": "passport", "number": "АБВГ"}}"#
            )
            #expect(
                response.status == .unprocessableContent && Set(response.problemFields) == ["givenName", "phone", "document.number"],
                "\(response.text)")
            #expect(try await intake.rawText("SELECT id FROM \"\(intake.schema)\".persons").isEmpty)
        }
    }

    @Test func anAccessReasonLongerThanTheAuditKeepsIs422NamingTheHeader() async throws {
        try await withIntake { intake, client in
            let desk = try await intake.token([.operator])
            let person = try await client.send(
                .post, "/v1/persons", token: desk,
                json: #"{"givenName": "Aida", "familyName": "Ok", "sex": "female", "citizenship": "KG", "languages": ["ky"]}"#)
            let id = try person.decoded(as: IDOnly.self).id
            let long = try await client.send(
                .get, "/v1/persons/\(id)", token: desk, headers: [HTTPField.Name("Jardam-Access-Reason")!: String(repeating: "я", count: 201)])
            #expect(long.status == .unprocessableContent && long.problemFields == ["Jardam-Access-Reason"], "\(long.text)")
            let fits = try await client.send(
                .get, "/v1/persons/\(id)", token: desk, headers: [HTTPField.Name("Jardam-Access-Reason")!: String(repeating: "я", count: 200)])
            #expect(fits.status == .ok)
        }
    }
}

private struct IDOnly: Decodable { let id: UUID }
