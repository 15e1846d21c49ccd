import Contracts
import Foundation
import ServiceTestSupport
import Testing

@testable import Intake

@Suite("Intake refuses text with NUL instead of storing it cut short")
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
}
