import ServiceKit

/// Who may give a case to whom: a caseworker takes a case for herself or lets go of her own; a
/// supervisor gives any case to anyone, or to nobody.
enum CaseAssignment {
    /// Whether `caller` may change the case's assignee from `current` to `new` (`nil`: nobody).
    static func allows(_ caller: StaffIdentity, from current: String?, to new: String?) -> Bool {
        if caller.roles.contains(.supervisor) { return true }
        guard caller.roles.contains(.caseworker) else { return false }
        if let new { return new == caller.subject && (current == nil || current == caller.subject) }
        return current == caller.subject
    }
}
