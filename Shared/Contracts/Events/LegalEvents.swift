import Foundation

/// The facts every referral event carries.
public struct ReferralFacts: Codable, Sendable, Equatable {
    public let referralId: UUID
    public let caseId: UUID
    /// `nil` while no partner fits (`unrouted`).
    public let partnerId: UUID?
    public let issue: LegalIssue
    public let language: String

    public init(referralId: UUID, caseId: UUID, partnerId: UUID?, issue: LegalIssue, language: String) {
        self.referralId = referralId; self.caseId = caseId; self.partnerId = partnerId; self.issue = issue; self.language = language
    }
}

/// A referral was proposed to a partner.
public struct ReferralProposed: EventData {
    public static let type = "legal.referral.proposed.v1"
    public let referral: ReferralFacts
    public init(referral: ReferralFacts) { self.referral = referral }
}

/// The partner accepted the referral.
public struct ReferralAccepted: EventData {
    public static let type = "legal.referral.accepted.v1"
    public let referral: ReferralFacts
    public init(referral: ReferralFacts) { self.referral = referral }
}

/// The partner declined; the router proposes the next one.
public struct ReferralDeclined: EventData {
    public static let type = "legal.referral.declined.v1"
    public let referral: ReferralFacts
    public init(referral: ReferralFacts) { self.referral = referral }
}

/// The partner resolved the case.
public struct ReferralResolved: EventData {
    public static let type = "legal.referral.resolved.v1"
    public let referral: ReferralFacts
    public let outcome: ReferralOutcome
    public let recovered: Money?
    public init(referral: ReferralFacts, outcome: ReferralOutcome, recovered: Money?) {
        self.referral = referral; self.outcome = outcome; self.recovered = recovered
    }
}

/// The referral was withdrawn (by a caseworker, a revoked consent or an erasure).
public struct ReferralWithdrawn: EventData {
    public static let type = "legal.referral.withdrawn.v1"
    public let referral: ReferralFacts
    public let reason: String
    public init(referral: ReferralFacts, reason: String) { self.referral = referral; self.reason = reason }
}

/// A proposal waited longer than allowed without an answer.
public struct ReferralEscalated: EventData {
    public static let type = "legal.referral.escalated.v1"
    public let referral: ReferralFacts
    public let proposedAt: Date
    public init(referral: ReferralFacts, proposedAt: Date) { self.referral = referral; self.proposedAt = proposedAt }
}

/// Enough complaints flag an employer network-wide.
public struct EmployerFlagged: EventData {
    public static let type = "legal.employer.flagged.v1"
    public let taxId: String
    public let reason: String
    public let evidenceCount: Int
    public init(taxId: String, reason: String, evidenceCount: Int) { self.taxId = taxId; self.reason = reason; self.evidenceCount = evidenceCount }
}

/// A supervisor cleared a flagged employer.
public struct EmployerCleared: EventData {
    public static let type = "legal.employer.cleared.v1"
    public let taxId: String
    public let reason: String
    public let evidenceCount: Int
    public init(taxId: String, reason: String, evidenceCount: Int) { self.taxId = taxId; self.reason = reason; self.evidenceCount = evidenceCount }
}
