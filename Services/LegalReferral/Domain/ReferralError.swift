import Contracts

/// Why legal-referral refused what it was asked; the routes turn each into a problem
/// (`Routes/ReferralError+Problem.swift`), the reactions decide for themselves.
enum ReferralError: Error, Equatable {
    /// The case already has an open referral for the issue.
    case alreadyOpen(LegalIssue)
    /// The partner a request names (`partnerId`) does not exist.
    case unknownPartner
    /// No partner has the id asked for.
    case partnerNotFound
    /// The partner has no free capacity.
    case partnerFull
    /// No referral has that id, or the caller may not see it.
    case unknownReferral
    /// The step is not allowed from where the referral stands.
    case illegal(ReferralAction, from: ReferralStatus)
    /// Clearing an employer that is not flagged.
    case employerNotFlagged
    /// Flagging an employer that is flagged.
    case employerAlreadyFlagged
}
