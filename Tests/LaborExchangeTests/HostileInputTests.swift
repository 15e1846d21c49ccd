import Contracts
import Foundation
import ServiceTestSupport
import Testing

@testable import LaborExchange

@Suite("The labor exchange answers a duplicate with 409, a day far out or a malformed amount or flag with 422, never 500")
struct HostileInputTests {
    @Test func placingTheSameWorkerInTheSameVacancyTwiceIs409() async throws {
        try await withLabor { labor, client in
            let vacancy = try await labor.vacancy(client, employer: try await labor.employer(client))
            let officer = try await labor.token([.employmentOfficer])
            let caseId = try await labor.registerCase()
            let json = #"{"caseId": "\#(caseId)", "vacancyId": "\#(vacancy)", "startDate": "2026-12-01"}"#
            #expect(try await client.send(.post, "/v1/placements", token: officer, json: json).status == .created)
            let again = try await client.send(.post, "/v1/placements", token: officer, json: json)
            #expect(again.status == .conflict, "\(again.text)")
            let far = try await client.send(
                .post, "/v1/placements", token: officer, json: #"{"caseId": "\#(caseId)", "vacancyId": "\#(vacancy)", "startDate": "9999-12-31"}"#)
            #expect(far.status == .unprocessableContent && far.problemFields == ["startDate"])
        }
    }

    @Test(arguments: ["0", "007", "1e5", "1234567890123456", "12.345"])
    func aWageThatIsNotAPositiveDecimalOfTheDocumentIs422(amount: String) async throws {
        try await withLabor { labor, client in
            let employer = try await labor.employer(client)
            let officer = try await labor.token([.employmentOfficer])
            let response = try await client.send(
                .post, "/v1/vacancies", token: officer,
                json:
                    #"{"employerId": "\#(employer)", "occupation": "9112", "title": "Cleaner", "city": "Moscow", "wage": {"amount": "\#(amount)", "currency": "RUB", "period": "month"}, "positions": 1, "housingProvided": false, "languages": ["ru"]}"#
            )
            #expect(response.status == .unprocessableContent && response.problemFields == ["wage.amount"], "\(amount): \(response.text)")
        }
    }

    @Test func aFlagThatIsNeitherTrueNorFalseIs422() async throws {
        try await withLabor { labor, client in
            let officer = try await labor.token([.employmentOfficer])
            let response = try await client.send(.get, "/v1/vacancies?open=null", token: officer)
            #expect(response.status == .unprocessableContent && response.problemFields == ["open"], "\(response.text)")
            #expect(try await client.send(.get, "/v1/vacancies?open=false", token: officer).status == .ok)
        }
    }
}
