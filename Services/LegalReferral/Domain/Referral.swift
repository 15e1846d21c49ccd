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
}

/// The filters of `GET /v1/referrals`.
struct ReferralFilter: Sendable {
    var caseId: UUID?
    var status: ReferralStatus?
    var partnerId: UUID?
    var issue: LegalIssue?
}
