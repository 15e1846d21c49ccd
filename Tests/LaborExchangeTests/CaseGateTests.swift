import Contracts
import Foundation
import ServiceTestSupport
import Testing

@testable import LaborExchange

@Suite("The labor exchange refuses work on a case it may not serve, and stops it on revocation (CONTRACT.md §5a)")
struct CaseGateTests {
    @Test func profilesAndPlacementsAreRefusedForUnknownUnconsentedRevokedClosedAndErasedCases() async throws {
        try await withLabor { labor, client in
            let vacancy = try await labor.vacancy(client, employer: try await labor.employer(client))
            let officer = try await labor.token([.employmentOfficer])
            let refused = try await labor.refusedCases(for: .employment)
            let seekers = try await labor.refusalMismatches(refused) { caseId in
                try await client.send(
                    .post, "/v1/job-seekers", token: officer,
                    json: #"{"caseId": "\#(caseId)", "occupations": ["7112"], "languages": ["ru"], "city": "moscow"}"#)
            }
            #expect(seekers.isEmpty, "\(seekers)")
            let placements = try await labor.refusalMismatches(refused) { caseId in
                try await client.send(
                    .post, "/v1/placements", token: officer, json: #"{"caseId": "\#(caseId)", "vacancyId": "\#(vacancy)", "startDate": "2026-12-01"}"#
                )
            }
            #expect(placements.isEmpty, "\(placements)")
        }
    }

    @Test func revokingEmploymentRemovesTheProfileAndStopsFollowUps() async throws {
        try await withLabor { labor, client in
            struct PlacementBody: Decodable { let id: UUID }
            let vacancy = try await labor.vacancy(client, employer: try await labor.employer(client))
            let officer = try await labor.token([.employmentOfficer])
            let caseId = try await labor.registerCase()
            let seeker = try await client.send(
                .post, "/v1/job-seekers", token: officer,
                json: #"{"caseId": "\#(caseId)", "occupations": ["7112"], "languages": ["ru"], "city": "moscow"}"#
            ).decoded(as: Created.self).id
            let start = CalendarDate(Date()).adding(days: -100)
            let placement = try await client.send(
                .post, "/v1/placements", token: officer, json: #"{"caseId": "\#(caseId)", "vacancyId": "\#(vacancy)", "startDate": "\#(start)"}"#
            ).decoded(as: PlacementBody.self).id
            let followUp = #"{"month": 1, "wagePaidOnTime": true, "conditionsOk": true, "note": "works nights"}"#
            #expect(try await client.send(.post, "/v1/placements/\(placement)/follow-ups", token: officer, json: followUp).status == .ok)
            #expect(try await client.send(.get, "/v1/follow-ups/overdue", token: officer).text.contains(placement.lowercased))

            try await labor.deliver(ConsentChanged(caseId: caseId, purpose: .employment, granted: false, expiresAt: nil, caseVersion: 2))
            #expect(
                try await labor.events(JobSeekerRemoved.self)
                    == [JobSeekerRemoved(caseId: caseId, seekerId: seeker, followUpsDropped: 3, reason: "consent withdrawn")],
                "months 3, 6 and 12 will not be asked for")
            #expect(try await client.send(.get, "/v1/job-seekers/\(seeker)/matches", token: officer).status == .notFound)
            #expect(!(try await client.send(.get, "/v1/follow-ups/overdue", token: officer).text.contains(placement.lowercased)))
            let month3 = try await client.send(
                .post, "/v1/placements/\(placement)/follow-ups", token: officer, json: #"{"month": 3, "wagePaidOnTime": true, "conditionsOk": true}"#)
            #expect(month3.status == .conflict && month3.text.contains("consent-required"))
            #expect(
                try await labor.rawText("SELECT note FROM \"\(labor.schema)\".follow_ups WHERE note IS NOT NULL") == "(\"works nights\")",
                "a withdrawal keeps what was recorded; only an erasure forgets it")
            try await labor.deliver(PersonErased(personRef: UUID().lowercased, cases: [ErasedCase(caseId: caseId, caseVersion: 3)]))
            #expect(try await labor.rawText("SELECT note FROM \"\(labor.schema)\".follow_ups WHERE note IS NOT NULL").isEmpty)
        }
    }
}
