import Contracts
import Foundation
import ServiceTestSupport
import Testing

@testable import MedicalInsurance

@Suite("Medical-insurance refuses text with NUL and days far out, naming the field")
struct HostileInputTests {
    @Test func aNulInATextArrayIs422NamingTheElement() async throws {
        try await withMedical { medical, client in
            let desk = try await medical.token([.medicalDesk])
            let insurer = try await client.send(.post, "/v1/insurers", token: desk, json: #"{"name": "Umut"}"#).decoded(as: Created.self).id
            let plan = try await client.send(
                .post, "/v1/insurers/\(insurer)/plans", token: desk,
                json:
                    #"{"name": "Basic", "annualPrice": {"amount": "4800.00", "currency": "RUB"}, "coverage": ["emergency"], "regions": ["moscow", "a\u0000"], "groupPrices": []}"#
            )
            #expect(plan.status == .unprocessableContent && plan.problemFields == ["regions[1]"], "\(plan.text)")
            let escapedBackslash = try await client.send(
                .post, "/v1/insurers/\(insurer)/plans", token: desk,
                json:
                    #"{"name": "Basic \\u0000", "annualPrice": {"amount": "4800.00", "currency": "RUB"}, "coverage": ["emergency"], "regions": ["moscow"], "groupPrices": []}"#
            )
            #expect(escapedBackslash.status == .created, "a backslash followed by u0000 is text, not NUL: \(escapedBackslash.text)")
        }
    }

    @Test func policyDaysOutsideTheAcceptedYearsAre422() async throws {
        try await withMedical { medical, client in
            let plan = try await medical.importPlans(client, "\(csvHeader)\nUmut,Basic,4800.00,RUB,emergency,*,,,")[0]
            let caseId = UUID()
            try await medical.deliver(medical.caseRegistered(caseId, needs: []))
            let response = try await client.send(
                .post, "/v1/policies", token: try await medical.token([.medicalDesk]),
                json: #"{"caseId": "\#(caseId)", "planId": "\#(plan)", "number": "POL-1234", "validFrom": "1850-01-01", "validTo": "2500-01-01"}"#)
            #expect(response.status == .unprocessableContent && Set(response.problemFields) == ["validFrom", "validTo"], "\(response.text)")
            let coverage = try await client.send(
                .get, "/v1/coverage?caseId=\(caseId)&service=emergency&on=9999-12-31", token: try await medical.token([.caseworker]))
            #expect(coverage.status == .unprocessableContent && coverage.problemFields == ["on"])
        }
    }
}
