import ServiceKit

/// Legal-referral's one mapping from domain errors to problems.
extension ReferralError: ProblemConvertible {
    var problem: Problem {
        switch self {
        case .alreadyOpen(let issue): .conflict("the case already has an open \(issue.rawValue) referral")
        case .unknownPartner: .validation([.init(field: "partnerId", message: "is not a partner")])
        case .partnerFull: .conflict("the partner has no free capacity")
        case .partnerNotFound: .notFound("partner")
        case .unknownReferral: .notFound("referral")
        case .illegal(let action, let status): .conflict("a \(status.rawValue) referral cannot be \(action.pastTense)")
        case .employerNotFlagged: .conflict("the employer is not flagged")
        case .employerAlreadyFlagged: .conflict("the employer is already flagged")
        }
    }
}

extension ReferralAction {
    /// `accepted`, as a sentence says it.
    var pastTense: String {
        switch self {
        case .accept: "accepted"
        case .decline: "declined"
        case .resolve: "resolved"
        case .withdraw: "withdrawn"
        case .assign: "assigned"
        }
    }
}
