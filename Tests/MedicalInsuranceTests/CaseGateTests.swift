import Contracts
import Foundation
import ServiceTestSupport
import Testing

@testable import MedicalInsurance

@Suite("Medical-insurance refuses work on a case it may not serve, and erases on revocation (CONTRACT.md §5a)")
struct CaseGateTests {
    @Test func policiesAndCoverageChecksAreRefusedForUnknownUnconsentedRevokedClosedAndErasedCases() async throws {
        try await withMedical { medical, client in
            let plan = try await medical.importPlans(client, "\(csvHeader)\nUmut,Basic,4800.00,RUB,emergency,*,,,")[0]
            let desk = try await medical.token([.medicalDesk])
            let refused = try await medical.refusedCases(for: .medical)
            let policies = try await medical.refusalMismatches(refused) { caseId in
                try await client.send(
                    .post, "/v1/policies", token: desk,
                    json: #"{"caseId": "\#(caseId)", "planId": "\#(plan)", "number": "POL-1001", "validFrom": "2026-01-01", "validTo": "2026-12-31"}"#
                )
            }
            #expect(policies.isEmpty, "\(policies)")
            let coverage = try await medical.refusalMismatches(refused) { caseId in
                try await client.send(.get, "/v1/coverage?caseId=\(caseId)&service=emergency&on=2026-06-01", token: desk)
            }
            #expect(coverage.isEmpty, "\(coverage)")
        }
    }

    @Test func revokingMedicalErasesTheCasesPoliciesAndStopsReminders() async throws {
        try await withMedical { medical, client in
            let plan = try await medical.importPlans(client, "\(csvHeader)\nUmut,Basic,4800.00,RUB,emergency,*,,,")[0]
            let desk = try await medical.token([.medicalDesk])
            let caseId = UUID()
            try await medical.deliver(medical.caseRegistered(caseId, needs: []))
            let created = try await client.send(
                .post, "/v1/policies", token: desk,
                json: #"{"caseId": "\#(caseId)", "planId": "\#(plan)", "number": "POL-7007", "validFrom": "2026-01-01", "validTo": "2026-12-20"}"#)
            #expect(created.status == .created)
            try await medical.deliver(ConsentChanged(caseId: caseId, purpose: .medical, granted: false, expiresAt: nil, caseVersion: 2))
            #expect(try await medical.rawText("SELECT id FROM \"\(medical.schema)\".policies").isEmpty)
            #expect(
                try await medical.events(PolicyErased.self).map { [$0.caseId.lowercased, $0.reason] } == [[caseId.lowercased, "consent withdrawn"]])
            #expect(try await medical.insurance.announceExpiringPolicies(today: CalendarDate(year: 2026, month: 11, day: 23)!) == 0)
            // Granted again, the case is served again: a check on its own need, no policy back.
            try await medical.deliver(ConsentChanged(caseId: caseId, purpose: .medical, granted: true, expiresAt: nil, caseVersion: 3))
            let verdict = try await client.send(.get, "/v1/coverage?caseId=\(caseId)&service=emergency&on=2026-06-01", token: desk)
            #expect(verdict.status == .ok && verdict.text.contains(#""covered":false"#))
        }
    }
}
