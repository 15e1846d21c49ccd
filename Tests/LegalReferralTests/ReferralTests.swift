import Contracts
import Foundation
import HTTPTypes
import HummingbirdTesting
import ServiceKit
import ServiceTestSupport
import TestSupport
import Testing

@testable import LegalReferral

@Suite("Referrals: routing on registration, the state machine, partner isolation, escalation")
struct ReferralTests {
    struct Page: Decodable { let items: [ReferralBody] }

    @Test func aCaseNeedingLegalHelpWithConsentIsProposedToTheBestPartner() async throws {
        try await withLegal { legal, client in
            _ = try await legal.partner(client, name: "Russian only", languages: ["ru"])
            let kyrgyz = try await legal.partner(client, name: "Kyrgyz speaking", languages: ["ky"])
            let caseId = try await legal.registerCase(vulnerabilities: [])
            let noConsent = try await legal.registerCase(consents: [])
            let noNeed = try await legal.registerCase(needs: [.housing])
            let caseworker = try await legal.token([.caseworker])
            let routed = try await client.send(.get, "/v1/referrals?caseId=\(caseId)", token: caseworker).decoded(as: Page.self).items
            #expect(routed.map(\.partnerId) == [kyrgyz] && routed.first?.status == "proposed" && routed.first?.issue == "other")
            for other in [noConsent, noNeed] {
                #expect(try await client.send(.get, "/v1/referrals?caseId=\(other)", token: caseworker).decoded(as: Page.self).items.isEmpty)
            }
            // Consent given later starts the work; revoking it withdraws what is open.
            try await legal.deliver(ConsentChanged(caseId: noConsent, purpose: .legal, granted: true, expiresAt: nil, caseVersion: 2))
            let late = try await client.send(.get, "/v1/referrals?caseId=\(noConsent)", token: caseworker).decoded(as: Page.self).items
            #expect(late.map(\.status) == ["proposed"])
            try await legal.deliver(ConsentChanged(caseId: noConsent, purpose: .legal, granted: false, expiresAt: nil, caseVersion: 3))
            let withdrawn = try await client.send(.get, "/v1/referrals?caseId=\(noConsent)", token: caseworker).decoded(as: Page.self).items
            #expect(withdrawn.map(\.status) == ["withdrawn"])
            let events = try await legal.events()
            #expect(events.filter { $0.type == ReferralProposed.type }.count == 2 && events.filter { $0.type == ReferralWithdrawn.type }.count == 1)
            let proposal = try await legal.events(ReferralProposed.self).first
            #expect(proposal?.referral.caseId == caseId && proposal?.referral.partnerId == kyrgyz && proposal?.referral.language == "ky")
        }
    }

    @Test func noFittingPartnerLeavesTheReferralUnroutedForSupervisors() async throws {
        try await withLegal { legal, client in
            let caseId = try await legal.registerCase(language: "tg", vulnerabilities: [.violence])
            let supervisor = try await legal.token([.supervisor])
            let unrouted = try await client.send(.get, "/v1/referrals?status=unrouted", token: supervisor).decoded(as: Page.self).items
            #expect(unrouted.map(\.caseId) == [caseId] && unrouted.first?.issue == "violence" && unrouted.first?.partnerId == nil)
            let partner = try await legal.partner(client, languages: ["ru"], issues: ["violence"])
            let assigned = try await client.send(
                .post, "/v1/referrals/\(unrouted[0].id)/assign", token: supervisor, json: #"{"partnerId": "\#(partner)"}"#)
            #expect(assigned.status == .ok)
            #expect(try assigned.decoded(as: ReferralBody.self).status == "proposed")
        }
    }

    @Test func everyTransitionAndEveryRefusedOne() async throws {
        try await withLegal { legal, client in
            let partner = try await legal.partner(client)
            let lawyer = try await legal.token([.lawyer], partner: partner)
            let caseworker = try await legal.token([.caseworker])
            let caseId = try await legal.registerCase()
            let referral = try await client.send(.get, "/v1/referrals?caseId=\(caseId)", token: caseworker).decoded(as: Page.self).items[0].id

            #expect(
                try await client.send(.post, "/v1/referrals/\(referral)/resolve", token: lawyer, json: #"{"outcome": "won"}"#).status == .conflict)
            #expect(try await client.send(.post, "/v1/referrals/\(referral)/accept", token: caseworker).status == .forbidden)
            #expect(try await client.send(.post, "/v1/referrals/\(referral)/accept", token: lawyer).status == .ok)
            #expect(try await client.send(.post, "/v1/referrals/\(referral)/accept", token: lawyer).status == .conflict)
            #expect(try await client.send(.post, "/v1/referrals/\(referral)/decline", token: lawyer).status == .conflict)
            #expect(try await client.send(.post, "/v1/referrals/\(referral)/resolve", token: lawyer, json: "{}").status == .unprocessableContent)
            let freeText = try await client.send(
                .post, "/v1/referrals/\(referral)/resolve", token: lawyer, json: #"{"outcome": "Asel got her money back"}"#)
            #expect(freeText.status == .unprocessableContent && freeText.problemFields == ["outcome"])
            let resolved = try await client.send(
                .post, "/v1/referrals/\(referral)/resolve", token: lawyer,
                json: #"{"outcome": "wages-recovered", "recovered": {"amount": "45000.00", "currency": "RUB"}}"#)
            #expect(resolved.status == .ok)
            let body = try resolved.decoded(as: ReferralBody.self)
            #expect(body.status == "resolved" && body.history.map(\.status) == ["proposed", "accepted", "resolved"])
            #expect(try await client.send(.post, "/v1/referrals/\(referral)/withdraw", token: caseworker).status == .conflict)
            let done = try await legal.events(ReferralResolved.self).first
            #expect(done?.recovered == Money(amount: 45000, currency: "RUB") && done?.outcome == .wagesRecovered)

            let second = try await legal.registerCase()
            let open = try await client.send(.get, "/v1/referrals?caseId=\(second)", token: caseworker).decoded(as: Page.self).items[0].id
            #expect(
                try await client.send(.post, "/v1/referrals/\(open)/withdraw", token: caseworker, json: #"{"note": "solved by phone"}"#).status == .ok
            )
            #expect(try await client.send(.post, "/v1/referrals/\(open)/accept", token: lawyer).status == .conflict)
            #expect(try await client.send(.post, "/v1/referrals/\(UUID())/accept", token: lawyer).status == .notFound)
            // The note stays in the history; the event says only who withdrew it.
            #expect(try await legal.events(ReferralWithdrawn.self).last?.reason == "withdrawn by a caseworker")
            #expect(
                try await legal.rawText(
                    "SELECT note FROM \"\(legal.schema)\".referral_history WHERE referral_id = $1 AND status = 'withdrawn'", [open])
                    == "(\"solved by phone\")")
        }
    }

    @Test func aDeclineGoesToTheNextPartnerNeverTheSameOneTwice() async throws {
        try await withLegal { legal, client in
            let first = try await legal.partner(client, name: "First")
            let second = try await legal.partner(client, name: "Second")
            let caseId = try await legal.registerCase()
            let caseworker = try await legal.token([.caseworker])
            let referral = try await client.send(.get, "/v1/referrals?caseId=\(caseId)", token: caseworker).decoded(as: Page.self).items[0]
            let initial = try #require(referral.partnerId)
            let other = initial == first ? second : first
            let declined = try await client.send(
                .post, "/v1/referrals/\(referral.id)/decline", token: try await legal.token([.lawyer], partner: initial),
                json: #"{"note": "no time"}"#)
            let next = try declined.decoded(as: ReferralBody.self)
            #expect(next.status == "proposed" && next.partnerId == other)
            let otherLawyer = try await legal.token([.lawyer], partner: other)
            // The next partner's lawyer sees only their own part: not the first partner's decline or its note.
            let seen = try await client.send(.get, "/v1/referrals/\(referral.id)", token: otherLawyer).decoded(as: ReferralBody.self)
            #expect(seen.history.map(\.status) == ["proposed"] && !seen.history.contains { $0.partnerId == initial })
            let again = try await client.send(.post, "/v1/referrals/\(referral.id)/decline", token: otherLawyer)
            #expect(again.status == .ok)
            let unrouted = try await client.send(.get, "/v1/referrals/\(referral.id)", token: caseworker).decoded(as: ReferralBody.self)
            #expect(unrouted.status == "unrouted" && unrouted.partnerId == nil)
            #expect(unrouted.history.map(\.status) == ["proposed", "declined", "proposed", "declined", "unrouted"])
            #expect(try await legal.events(ReferralDeclined.self).map(\.referral.partnerId) == [initial, other])
        }
    }

    @Test func partnerStaffSeeOnlyTheirOwnReferrals() async throws {
        try await withLegal { legal, client in
            let a = try await legal.partner(client, name: "A", capacity: 1)
            let b = try await legal.partner(client, name: "B", capacity: 1)
            let first = try await legal.registerCase()
            let second = try await legal.registerCase()
            let caseworker = try await legal.token([.caseworker])
            let referrals = try await client.send(.get, "/v1/referrals", token: caseworker).decoded(as: Page.self).items
            #expect(Set(referrals.map(\.caseId)) == [first, second] && Set(referrals.compactMap(\.partnerId)) == [a, b])
            let lawyerA = try await legal.token([.lawyer], partner: a)
            let ofB = try #require(referrals.first { $0.partnerId == b })
            #expect(try await client.send(.get, "/v1/referrals/\(ofB.id)", token: lawyerA).status == .notFound)
            #expect(try await client.send(.post, "/v1/referrals/\(ofB.id)/accept", token: lawyerA).status == .notFound)
            let own = try await client.send(.get, "/v1/referrals", token: lawyerA).decoded(as: Page.self).items
            #expect(own.map(\.partnerId) == [a])
            #expect(try await client.send(.get, "/v1/referrals?partnerId=\(b)", token: lawyerA).decoded(as: Page.self).items.isEmpty)
        }
    }

    @Test func aProposalWithoutAnswerIsEscalatedOnceAndListedAsEscalated() async throws {
        try await withLegal { legal, client in
            _ = try await legal.partner(client)
            let caseId = try await legal.registerCase()
            let supervisor = try await legal.token([.supervisor])
            let now = Date()
            #expect(try await legal.aid.escalate(now: now.addingTimeInterval(23 * 3600)) == 0)
            #expect(try await client.send(.get, "/v1/referrals?escalated=true", token: supervisor).decoded(as: Page.self).items.isEmpty)
            #expect(try await legal.aid.escalate(now: now.addingTimeInterval(24 * 3600 + 60)) == 1)
            #expect(try await legal.aid.escalate(now: now.addingTimeInterval(48 * 3600)) == 0)
            let escalated = try await legal.events(ReferralEscalated.self)
            #expect(escalated.map(\.referral.caseId) == [caseId])
            let listed = try await client.send(.get, "/v1/referrals?escalated=true", token: supervisor).decoded(as: Page.self).items
            #expect(listed.map(\.caseId) == [caseId])
            #expect(try await client.send(.get, "/v1/referrals?escalated=false", token: supervisor).decoded(as: Page.self).items.isEmpty)
            #expect(try await client.send(.get, "/v1/referrals?escalated=yes", token: supervisor).status == .unprocessableContent)
        }
    }

    @Test func manualReferralsAndTheirRefusals() async throws {
        try await withLegal { legal, client in
            let partner = try await legal.partner(client, issues: ["documents"], capacity: 1)
            let caseworker = try await legal.token([.caseworker])
            let caseId = try await legal.registerCase(needs: [.housing])
            let key: HTTPFields = [.idempotencyKey: "ref-1"]
            let created = try await client.send(
                .post, "/v1/referrals", token: caseworker, json: #"{"caseId": "\#(caseId)", "issue": "documents"}"#, headers: key)
            #expect(created.status == .created)
            #expect(try created.decoded(as: ReferralBody.self).partnerId == partner)
            let replay = try await client.send(
                .post, "/v1/referrals", token: caseworker, json: #"{"caseId": "\#(caseId)", "issue": "documents"}"#, headers: key)
            #expect(try replay.decoded(as: ReferralBody.self).id == created.decoded(as: ReferralBody.self).id)
            #expect(
                try await client.send(.post, "/v1/referrals", token: caseworker, json: #"{"caseId": "\#(caseId)", "issue": "documents"}"#).status
                    == .conflict)
            let full = try await client.send(
                .post, "/v1/referrals", token: caseworker, json: #"{"caseId": "\#(caseId)", "issue": "police", "partnerId": "\#(partner)"}"#)
            #expect(full.status == .conflict)
            let unknown = try await client.send(.post, "/v1/referrals", token: caseworker, json: #"{"caseId": "\#(UUID())", "issue": "nonsense"}"#)
            #expect(unknown.status == .unprocessableContent && unknown.problemFields == ["issue"])
            let noCase = try await client.send(.post, "/v1/referrals", token: caseworker, json: #"{"caseId": "\#(UUID())", "issue": "police"}"#)
            #expect(noCase.status == .unprocessableContent && noCase.problemFields == ["caseId"])
            let withoutConsent = try await legal.registerCase(consents: [])
            #expect(
                try await client.send(.post, "/v1/referrals", token: caseworker, json: #"{"caseId": "\#(withoutConsent)", "issue": "police"}"#).status
                    == .conflict)
            #expect(
                try await client.send(.post, "/v1/referrals", token: try await legal.token([.lawyer], partner: partner), json: "{}").status
                    == .forbidden)
            #expect(try await client.send(.post, "/v1/referrals", token: nil, json: "{}").status == .unauthorized)
            #expect(try await client.send(.post, "/v1/referrals", token: caseworker, json: #"{"caseId": 1}"#).status == .badRequest)
        }
    }
}
