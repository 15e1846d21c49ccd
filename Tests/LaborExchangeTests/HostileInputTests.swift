import Contracts
import Foundation
import ServiceTestSupport
import Testing

@testable import LaborExchange

@Suite("The labor exchange answers a duplicate with 409 and a day far out with 422, never 500")
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
}
