/// Where a referral stands.
enum ReferralStatus: String, CaseIterable, Codable, Sendable {
    /// Waiting for the partner's answer.
    case proposed
    case accepted
    /// The last partner declined and no other fits: waits for a supervisor, like `unrouted`.
    case declined
    case resolved
    case withdrawn
    /// No partner fits; listed for supervisors.
    case unrouted

    /// Still needs someone's work (at most one per case and issue).
    var isOpen: Bool { [.proposed, .accepted, .unrouted, .declined].contains(self) }
}

/// What staff and the router do to a referral.
enum ReferralAction: String, CaseIterable, Sendable {
    case accept, decline, resolve, withdraw
    /// A supervisor (or the router) proposes it to a partner.
    case assign
}

/// The referral state machine: proposed → accepted → resolved; proposed → declined (and the
/// router proposes the next partner); unrouted or declined → proposed by assignment; any open
/// state → withdrawn.
enum ReferralStateMachine {
    /// The status after `action`, or `nil` when `action` is illegal from `status` (a 409).
    static func next(after action: ReferralAction, from status: ReferralStatus) -> ReferralStatus? {
        switch (action, status) {
        case (.accept, .proposed): .accepted
        case (.decline, .proposed): .declined
        case (.resolve, .accepted): .resolved
        case (.withdraw, .proposed), (.withdraw, .accepted), (.withdraw, .unrouted), (.withdraw, .declined): .withdrawn
        case (.assign, .unrouted), (.assign, .declined): .proposed
        default: nil
        }
    }
}
