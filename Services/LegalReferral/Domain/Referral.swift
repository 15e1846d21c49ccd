import Contracts
import Foundation

/// A referral of a case to a partner, with how it got where it is.
struct Referral: Codable, Sendable, Equatable {
    struct Step: Codable, Sendable, Equatable {
        let at: Date
        let status: ReferralStatus
        let partnerId: UUID?
        let actor: String
        let note: String?
    }

    let id: UUID
    let caseId: UUID
    var partnerId: UUID?
    let issue: LegalIssue
    let language: String
    var status: ReferralStatus
    var proposedAt: Date?
    var outcome: ReferralOutcome?
    var recovered: Money?
    let createdAt: Date
    var history: [Step]

    /// The facts every referral event carries.
    var facts: ReferralFacts {
        ReferralFacts(referralId: id, caseId: caseId, partnerId: partnerId, issue: issue, language: language)
    }

    /// The referral as staff of `partner` see it: only the steps while it was theirs, and only
    /// their own words (a caseworker's withdrawal note, an escalation note or another partner's
    /// decline are not theirs to read).
    func seen(byPartner partner: UUID) -> Referral {
        var seen = self
        seen.history = history.filter { $0.partnerId == partner }.map { step in
            let theirs: Set<ReferralStatus> = [.accepted, .declined, .resolved]
            return Step(
                at: step.at, status: step.status, partnerId: step.partnerId, actor: step.actor, note: theirs.contains(step.status) ? step.note : nil)
        }
        return seen
    }
}

/// The filters of `GET /v1/referrals`.
struct ReferralFilter: Sendable {
    var caseId: UUID?
    var status: ReferralStatus?
    var partnerId: UUID?
    var issue: LegalIssue?
    /// Only proposals escalated for want of an answer (`true`), or only the others (`false`).
    var escalated: Bool?
    /// Only referrals whose case still consents to legal help (what partner staff may see).
    var consentedOnly = false
}
