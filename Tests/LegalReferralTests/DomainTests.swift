import Contracts
import Foundation
import Testing

@testable import LegalReferral

@Suite("Routing a referral to a partner")
struct PartnerRoutingTests {
    static let a = UUID(uuidString: "00000000-0000-0000-0000-00000000000a")!
    static let b = UUID(uuidString: "00000000-0000-0000-0000-00000000000b")!
    static let c = UUID(uuidString: "00000000-0000-0000-0000-00000000000c")!

    static func partner(_ id: UUID, _ languages: Set<String>, _ issues: Set<LegalIssue>, capacity: Int = 5, load: Int = 0) -> PartnerCandidate {
        PartnerCandidate(id: id, languages: languages, specializations: issues, capacity: capacity, load: load)
    }

    @Test(arguments: [
        // (what the case needs, who is there, who is chosen)
        (LegalIssue.unpaidWages, "ky", [partner(a, ["ru"], [.unpaidWages]), partner(b, ["ky"], [.unpaidWages])], b as UUID?),
        (LegalIssue.unpaidWages, "ky", [partner(a, ["ky"], [.documents]), partner(b, ["ky"], [.unpaidWages])], b),
        (LegalIssue.unpaidWages, "ky", [partner(a, ["ky"], [.unpaidWages], capacity: 2, load: 2), partner(b, ["ky"], [.unpaidWages], load: 4)], b),
        (LegalIssue.unpaidWages, "ky", [partner(a, ["ky"], [.unpaidWages], load: 3), partner(b, ["ky"], [.unpaidWages], load: 1)], b),
        (
            LegalIssue.unpaidWages, "ky",
            [partner(b, ["ky"], [.unpaidWages], capacity: 3, load: 1), partner(a, ["ky"], [.unpaidWages], capacity: 9, load: 1)], a
        ),
        (LegalIssue.unpaidWages, "ky", [partner(b, ["ky"], [.unpaidWages]), partner(a, ["ky"], [.unpaidWages])], a),
        (LegalIssue.documents, "uz-Cyrl", [partner(c, ["uz"], [.documents])], c),
        (LegalIssue.violence, "tg", [partner(a, ["ky"], [.violence]), partner(b, ["tg"], [.documents])], nil),
        (LegalIssue.police, "ru", [], nil),
    ])
    func theBestFittingPartnerIsChosen(_ issue: LegalIssue, _ language: String, _ partners: [PartnerCandidate], _ expected: UUID?) {
        #expect(PartnerRouting.choose(issue: issue, language: language, among: partners)?.id == expected)
    }

    @Test func aPartnerTriedBeforeIsNeverProposedAgain() {
        let partners = [Self.partner(Self.a, ["ky"], [.unpaidWages]), Self.partner(Self.b, ["ky"], [.unpaidWages], load: 3)]
        #expect(PartnerRouting.choose(issue: .unpaidWages, language: "ky", among: partners, excluding: [Self.a])?.id == Self.b)
        #expect(PartnerRouting.choose(issue: .unpaidWages, language: "ky", among: partners, excluding: [Self.a, Self.b]) == nil)
    }
}

@Suite("The referral state machine")
struct ReferralStateMachineTests {
    @Test(arguments: [
        (ReferralAction.accept, ReferralStatus.proposed, ReferralStatus.accepted as ReferralStatus?),
        (.decline, .proposed, .declined), (.resolve, .accepted, .resolved),
        (.withdraw, .proposed, .withdrawn), (.withdraw, .accepted, .withdrawn), (.withdraw, .unrouted, .withdrawn),
        (.assign, .unrouted, .proposed),
        (.accept, .accepted, nil), (.accept, .resolved, nil), (.resolve, .proposed, nil), (.decline, .accepted, nil),
        (.withdraw, .resolved, nil), (.withdraw, .withdrawn, nil), (.assign, .proposed, nil), (.accept, .withdrawn, nil),
        (.resolve, .unrouted, nil),
    ])
    func transitions(_ action: ReferralAction, _ from: ReferralStatus, _ to: ReferralStatus?) {
        #expect(ReferralStateMachine.next(after: action, from: from) == to)
    }
}

@Suite("Flagging employers and suppressing small cells")
struct EmployerFlagRuleTests {
    typealias Evidence = EmployerFlagRule.Evidence

    @Test func complaintsFromThresholdDistinctConsentingCasesFlag() {
        let one = UUID(), two = UUID()
        func counted(_ kind: ComplaintKind, _ caseId: UUID) -> Evidence { Evidence(kind: kind, caseId: caseId, counts: true) }
        #expect(!EmployerFlagRule.assess([counted(.unpaidWages, one), counted(.unpaidWages, one), counted(.unsafe, two)], threshold: 3).flagged)
        let three = EmployerFlagRule.assess([counted(.unpaidWages, one), counted(.unpaidWages, two), counted(.unsafe, UUID())], threshold: 3)
        #expect(three.flagged && three.evidence == 3)
        #expect(EmployerFlagRule.assess([counted(.unpaidWages, one), counted(.unpaidWages, two)], threshold: 2).flagged)
    }

    @Test func complaintsWithoutACountingCaseAreNoEvidence() {
        let alone = [Evidence](repeating: Evidence(kind: .unpaidWages, caseId: nil, counts: false), count: 5)
        let unconsenting = (0..<5).map { _ in Evidence(kind: .unpaidWages, caseId: UUID(), counts: false) }
        #expect(EmployerFlagRule.assess(alone + unconsenting, threshold: 3) == (false, 0, "complaints from 0 distinct cases: "))
    }

    @Test func violenceAloneDoesNotFlagButIsReviewed() {
        let assessment = EmployerFlagRule.assess([Evidence(kind: .violence, caseId: UUID(), counts: true)], threshold: 3)
        #expect(!assessment.flagged && assessment.evidence == 1)
        #expect(EmployerFlagRule.reviewed == [.violence, .unsafe])
    }

    @Test(arguments: [(0, 0 as Int?), (1, nil), (4, nil), (5, 5), (17, 17)])
    func countsUnderFiveAreSuppressed(_ count: Int, _ shown: Int?) {
        #expect(SmallCellSuppression.shown(count) == shown)
    }

    @Test(arguments: [
        ([Vulnerability.trafficking, .violence], LegalIssue.trafficking), ([.violence], .violence), ([.noDocuments, .pregnant], .documents),
        ([], .other),
    ])
    func theIssueOfACaseFollowsItsGravestVulnerability(_ vulnerabilities: [Vulnerability], _ issue: LegalIssue) {
        #expect(LegalIssue(vulnerabilities: vulnerabilities) == issue)
    }
}
