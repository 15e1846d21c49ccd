/// The staff roles of CONTRACT.md §3, as they appear in a token's `roles` claim.
public enum Role: String, CaseIterable, Codable, Sendable {
    /// Hotline or intake desk.
    case `operator`
    case caseworker
    case supervisor
    case auditor
    /// Partner staff: sees only what was referred to its own partner organisation.
    case lawyer
    case shelterManager = "shelter-manager"
    case medicalDesk = "medical-desk"
    case employmentOfficer = "employment-officer"
    case ops
}
