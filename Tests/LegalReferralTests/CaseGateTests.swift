import Contracts
import Foundation
import ServiceTestSupport
import Testing

@testable import LegalReferral

@Suite("Legal-referral refuses work on a case it may not serve, and undoes it on revocation (CONTRACT.md §5a)")
struct CaseGateTests {
    struct Page: Decodable { let items: [ReferralBody] }

    @Test func referralsAndComplaintsAreRefusedForUnknownUnconsentedRevokedClosedAndErasedCases() async throws {
        try await withLegal { legal, client in
            _ = try await legal.partner(client)
            let caseworker = try await legal.token([.caseworker])
            let refused = try await legal.refusedCases(for: .legal)
            let referrals = try await legal.refusalMismatches(refused) { caseId in
                try await client.send(.post, "/v1/referrals", token: caseworker, json: #"{"caseId": "\#(caseId)", "issue": "documents"}"#)
            }
            #expect(referrals.isEmpty, "\(referrals)")
            let complaints = try await legal.refusalMismatches(refused) { caseId in
                try await client.send(
                    .post, "/v1/employers/7701234567/complaints", token: caseworker, json: #"{"kind": "unpaid-wages", "caseId": "\#(caseId)"}"#)
            }
            #expect(complaints.isEmpty, "\(complaints)")
        }
    }

    @Test func revokingLegalWithdrawsOpenReferralsAndTheLawyerNoLongerSeesThem() async throws {
        try await withLegal { legal, client in
            let partner = try await legal.partner(client)
            let lawyer = try await legal.token([.lawyer], partner: partner)
            let caseId = try await legal.registerCase()
            let referral = try #require(try await legal.events(ReferralProposed.self).first).referral
            #expect(referral.partnerId == partner)
            #expect(try await client.send(.post, "/v1/referrals/\(referral.referralId)/accept", token: lawyer).status == .ok)
            try await legal.deliver(ConsentChanged(caseId: caseId, purpose: .legal, granted: false, expiresAt: nil, caseVersion: 2))
            #expect(try await legal.events(ReferralWithdrawn.self).map(\.reason) == ["consent withdrawn"])
            #expect(try await client.send(.get, "/v1/referrals/\(referral.referralId)", token: lawyer).status == .notFound)
            #expect(try await client.send(.post, "/v1/referrals/\(referral.referralId)/decline", token: lawyer).status == .notFound)
            let listed = try await client.send(.get, "/v1/referrals", token: lawyer).decoded(as: Page.self)
            #expect(listed.items.isEmpty)
            let kept = try await client.send(.get, "/v1/referrals/\(referral.referralId)", token: try await legal.token([.caseworker]))
            #expect(try kept.decoded(as: ReferralBody.self).status == "withdrawn", "the center keeps its record")
        }
    }

    @Test func erasureWithdrawsForgetsTheNotesAndRefusesNewWork() async throws {
        try await withLegal { legal, client in
            let partner = try await legal.partner(client)
            let personRef = UUID().lowercased
            let caseId = UUID()
            try await legal.deliver(
                CaseRegistered(
                    caseId: caseId, personRef: personRef, channel: .hotline, language: "ky", sex: .female, ageBand: .from25To34, citizenship: "KG",
                    needs: [.legal], vulnerabilities: [], priority: .normal, consents: [.legal], caseVersion: 1))
            let referral = try #require(try await legal.events(ReferralProposed.self).first).referral.referralId
            let declined = try await client.send(
                .post, "/v1/referrals/\(referral)/decline", token: try await legal.token([.lawyer], partner: partner),
                json: #"{"note": "she told me her employer is Ivanov"}"#)
            #expect(declined.status == .ok)
            try await legal.deliver(PersonErased(personRef: personRef, cases: [ErasedCase(caseId: caseId, caseVersion: 2)]))
            #expect(try await legal.rawText("SELECT note FROM \"\(legal.schema)\".referral_history WHERE note IS NOT NULL").isEmpty)
            #expect(try await legal.rawText("SELECT * FROM \"\(legal.schema)\".cases WHERE case_id = $1", [caseId]).contains(",erased,"))
            // A late registration (redelivered under a new id) cannot open new work for the erased person.
            try await legal.deliver(
                CaseUpdated(caseId: caseId, needs: [.legal], vulnerabilities: [.violence], status: .open, priority: .urgent, caseVersion: 1))
            #expect(try await legal.events(ReferralProposed.self).count == 2, "the first proposal and the one after the decline, no more")
            let manual = try await client.send(
                .post, "/v1/referrals", token: try await legal.token([.caseworker]), json: #"{"caseId": "\#(caseId)", "issue": "documents"}"#)
            #expect(manual.status == .conflict)
        }
    }

    @Test func partnersReadAReferralOnlyWhileTheCaseConsentsToPartnerSharing() async throws {
        try await withLegal { legal, client in
            let partner = try await legal.partner(client)
            let lawyer = try await legal.token([.lawyer], partner: partner)
            func partnerForms() async throws -> [String] {
                try await legal.rawText(
                    "SELECT event_type, partner_body IS NOT NULL AS shared FROM \"\(legal.schema)\".outbox WHERE event_type LIKE 'legal.referral.%' ORDER BY position"
                ).split(separator: "\n").map(String.init)
            }
            _ = try await legal.registerCase(consents: [.legal])
            let sharing = try await legal.registerCase(consents: [.legal, .partnerSharing])
            #expect(try await partnerForms() == ["(legal.referral.proposed.v1,f)", "(legal.referral.proposed.v1,t)"])
            let referral = try #require(try await legal.events(ReferralProposed.self).last).referral
            #expect(referral.caseId == sharing)
            try await legal.deliver(ConsentChanged(caseId: sharing, purpose: .partnerSharing, granted: false, expiresAt: nil, caseVersion: 2))
            #expect(try await client.send(.post, "/v1/referrals/\(referral.referralId)/accept", token: lawyer).status == .ok)
            #expect(try await partnerForms().last == "(legal.referral.accepted.v1,f)", "no further partner forms about the case")
        }
    }
}
