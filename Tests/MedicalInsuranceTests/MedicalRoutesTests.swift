import Contracts
import Eventing
import Foundation
import HummingbirdTesting
import Messaging
import ServiceKit
import ServiceTestSupport
import TestSupport
import Testing

@testable import MedicalInsurance

@Suite("Plans, policies, coverage and the reaction to new cases")
struct MedicalRoutesTests {
    struct Page<Item: Decodable>: Decodable { let items: [Item] }
    struct Recommendation: Decodable { let name: String; let annualPrice: Money }
    struct CoverageBody: Decodable { let covered: Bool; let policyId: UUID?; let gaps: [String] }
    struct PolicyBody: Decodable { let id: UUID; let number: String? }

    @Test func aPriceListWithAnyErrorImportsNothingAndReportsEveryRow() async throws {
        try await withMedical { medical, client in
            let token = try await medical.token([.medicalDesk])
            _ = try await medical.importPlans(client, "\(csvHeader)\nUmut,Basic,4800.00,RUB,emergency,*,,,")
            let bad = """
                \(csvHeader)
                Umut,Good,100,RUB,emergency,*,,,
                Umut,Bad price,1O0,RUB,emergency,*,,,
                Umut,Eyes,100,RUB,eyes,*,,,
                Umut,Good,100,RUB,emergency,*,,,
                Umut,Basic,100,RUB,emergency,*,,,
                """
            let refused = try await client.send(.post, "/v1/plans/import", token: token, text: bad, contentType: "text/csv")
            #expect(refused.status == .unprocessableContent)
            #expect(refused.problemFields == ["row 3: annual_price", "row 4: coverage", "row 5: plan"])
            // Only parse errors come first; a plan already on record is found next, still importing nothing.
            let existing = try await client.send(
                .post, "/v1/plans/import", token: token, text: "\(csvHeader)\nUmut,New,100,RUB,emergency,*,,,\nUmut,Basic,100,RUB,emergency,*,,,",
                contentType: "text/csv")
            #expect(existing.status == .unprocessableContent && existing.problemFields == ["row 3: plan"])
            let plans = try await client.send(.get, "/v1/plans", token: token).decoded(as: Page<Created>.self)
            #expect(plans.items.count == 1)
            #expect(
                try await client.send(.post, "/v1/plans/import", token: try await medical.token([.caseworker]), text: bad, contentType: "text/csv")
                    .status == .forbidden)
        }
    }

    @Test func recommendationsFilterByRegionAndAgeAndPriceTheGroup() async throws {
        try await withMedical { medical, client in
            _ = try await medical.importPlans(
                client,
                """
                \(csvHeader)
                Umut,Mother,120.00,USD,emergency;maternity,*,16,45,50:34.00;50000:30.00
                Umut,Mother Moscow,90.00,USD,emergency;maternity,moscow,,,
                Salamat,Basic,40.00,USD,emergency,*,,,
                """)
            let caseworker = try await medical.token([.caseworker])
            let one = try await client.send(.get, "/v1/plans/recommendations?services=emergency,maternity&region=moscow&age=30", token: caseworker)
            #expect(try one.decoded(as: Page<Recommendation>.self).items.map(\.name) == ["Mother Moscow", "Mother"])
            let group = try await client.send(
                .get, "/v1/plans/recommendations?services=maternity&region=orenburg&age=30&members=60", token: caseworker)
            #expect(try group.decoded(as: Page<Recommendation>.self).items.map(\.annualPrice) == [Money(amount: 34, currency: "USD")])
            let old = try await client.send(.get, "/v1/plans/recommendations?services=maternity&region=orenburg&age=50", token: caseworker)
            #expect(try old.decoded(as: Page<Recommendation>.self).items.isEmpty)
            let bad = try await client.send(.get, "/v1/plans/recommendations?services=eyes&age=200&members=0", token: caseworker)
            #expect(bad.status == .unprocessableContent && Set(bad.problemFields) == ["services[0]", "age", "members"])
        }
    }

    @Test func policyNumbersAreSealedFoundByNumberAuditedAndCoverageHasEdges() async throws {
        try await withMedical { medical, client in
            let plan = try await medical.importPlans(client, "\(csvHeader)\nUmut,Basic,4800.00,RUB,emergency;outpatient,*,,,")[0]
            let caseId = UUID(), personRef = UUID().lowercased
            try await medical.deliver(medical.caseRegistered(caseId, personRef: personRef, needs: []))
            let desk = try await medical.token([.medicalDesk], subject: "desk-1")
            let created = try await client.send(
                .post, "/v1/policies", token: desk,
                json: #"{"caseId": "\#(caseId)", "planId": "\#(plan)", "number": "POL-778899", "validFrom": "2026-01-01", "validTo": "2026-12-31"}"#)
            #expect(created.status == .created)
            let raw = try await medical.rawText("SELECT * FROM \"\(medical.schema)\".policies")
            #expect(!raw.contains("778899") && !raw.contains(Data("POL-778899".utf8).map { String(format: "%02x", $0) }.joined()))
            let found = try await client.send(.get, "/v1/policies?number=pol778899", token: desk).decoded(as: Page<PolicyBody>.self)
            #expect(found.items.map(\.number) == ["POL-778899"])
            let audit = try await medical.rawText("SELECT actor, action FROM \"\(medical.schema)\".audit_log")
            #expect(audit.contains("(desk-1,read)") && audit.contains("(desk-1,create)"))
            let caseworker = try await medical.token([.caseworker])
            for (day, covered) in [("2026-12-31", true), ("2027-01-01", false), ("2026-01-01", true)] {
                let verdict = try await client.send(.get, "/v1/coverage?caseId=\(caseId)&service=outpatient&on=\(day)", token: caseworker).decoded(
                    as: CoverageBody.self)
                #expect(verdict.covered == covered, "\(day)")
            }
            let maternity = try await client.send(.get, "/v1/coverage?caseId=\(caseId)&service=emergency,maternity&on=2026-06-01", token: caseworker)
                .decoded(as: CoverageBody.self)
            #expect(!maternity.covered && maternity.gaps == ["maternity"])
            let refused = try await client.send(
                .post, "/v1/policies", token: desk,
                json: #"{"caseId": "\#(UUID())", "planId": "\#(plan)", "number": "X", "validFrom": "2026-02-01", "validTo": "2026-01-01"}"#)
            #expect(refused.status == .unprocessableContent && Set(refused.problemFields) == ["number", "validTo"])
            #expect(try await client.send(.get, "/v1/policies?caseId=\(caseId)", token: caseworker).status == .forbidden)
            // Erasure: the case's policies are gone, numbers and all.
            try await medical.deliver(PersonErased(personRef: personRef, cases: [ErasedCase(caseId: caseId, caseVersion: 2)]))
            let erased = try await client.send(.get, "/v1/policies?caseId=\(caseId)", token: desk).decoded(as: Page<PolicyBody>.self)
            #expect(erased.items.isEmpty)
            #expect(try await medical.rawText("SELECT id FROM \"\(medical.schema)\".policies").isEmpty)
        }
    }

    @Test func anExpiringPolicyIsAnnouncedOnce() async throws {
        try await withMedical { medical, client in
            let plan = try await medical.importPlans(client, "\(csvHeader)\nUmut,Basic,4800.00,RUB,emergency,*,,,")[0]
            let caseId = UUID()
            try await medical.deliver(medical.caseRegistered(caseId, needs: []))
            let desk = try await medical.token([.medicalDesk])
            for (number, validTo) in [("A-1001", "2026-12-20"), ("A-1002", "2027-06-01"), ("A-1003", "2026-10-01")] {
                _ = try await client.send(
                    .post, "/v1/policies", token: desk,
                    json:
                        #"{"caseId": "\#(caseId)", "planId": "\#(plan)", "number": "\#(number)", "validFrom": "2026-01-01", "validTo": "\#(validTo)"}"#
                )
            }
            let today = CalendarDate(year: 2026, month: 11, day: 23)!
            #expect(try await medical.insurance.announceExpiringPolicies(today: today) == 1)
            #expect(try await medical.insurance.announceExpiringPolicies(today: today) == 0)
            #expect(try await medical.insurance.announceExpiringPolicies(today: today.adding(days: 1)) == 0)
            let expiring = try await medical.events(PolicyExpiring.self)
            #expect(expiring.map(\.validTo) == [CalendarDate(year: 2026, month: 12, day: 20)!])
        }
    }

    @Test func aPregnantWomanWithoutCoverageIsRecommendedAMaternityPlanThroughTheBroker() async throws {
        try await withMedical { medical, client in
            _ = try await medical.importPlans(
                client,
                """
                \(csvHeader)
                Umut,Basic,40.00,USD,emergency;outpatient,*,,,
                Umut,Mother,120.00,USD,emergency;outpatient;maternity,*,,,
                """)
            let caseId = UUID()
            try await withEventConsumer(for: .medicalInsurance, harness: medical, handlers: medical.parts.reactions) { publisher in
                let registered = try EventEnvelope(
                    medical.caseRegistered(caseId, vulnerabilities: [.pregnant]), city: "testcity", service: .intake,
                    subject: "case/\(caseId.lowercased)")
                try await publisher.publishConfirmed(OutgoingMessage(event: registered))
                #expect(try await eventually { !(try await medical.events(PlanRecommended.self).isEmpty) })
            }
            let checked = try await medical.events(CoverageChecked.self)
            #expect(checked == [CoverageChecked(caseId: caseId, covered: false, gaps: [.emergency, .outpatient, .maternity])])
            let recommended = try await medical.events(PlanRecommended.self)
            #expect(recommended.map(\.annualPrice) == [Money(amount: 120, currency: "USD")])
            // Without consent nothing is checked.
            try await medical.deliver(medical.caseRegistered(consents: []))
            #expect(try await medical.events(CoverageChecked.self).count == 1)
        }
    }
}
