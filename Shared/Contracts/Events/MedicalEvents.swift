import Foundation

// Health details never leave medical-insurance beyond "covered" and the list of gaps.

/// Coverage of a case was checked.
public struct CoverageChecked: EventData {
    public static let type = "medical.coverage.checked.v1"
    public let caseId: UUID
    public let covered: Bool
    public let gaps: [MedicalService]
    public init(caseId: UUID, covered: Bool, gaps: [MedicalService]) { self.caseId = caseId; self.covered = covered; self.gaps = gaps }
}

/// The cheapest fitting plan was recommended for a case.
public struct PlanRecommended: EventData {
    public static let type = "medical.plan.recommended.v1"
    public let caseId: UUID
    public let planId: UUID
    public let annualPrice: Money
    public init(caseId: UUID, planId: UUID, annualPrice: Money) { self.caseId = caseId; self.planId = planId; self.annualPrice = annualPrice }
}

/// A policy ends in 30 days (emitted once per policy; never its number).
public struct PolicyExpiring: EventData {
    public static let type = "medical.policy.expiring.v1"
    public let caseId: UUID
    public let policyId: UUID
    public let validTo: CalendarDate
    public init(caseId: UUID, policyId: UUID, validTo: CalendarDate) { self.caseId = caseId; self.policyId = policyId; self.validTo = validTo }
}

/// A policy of a case was erased, number and all: the case's consent to medical help was
/// withdrawn, the case closed, or its person erased.
public struct PolicyErased: EventData {
    public static let type = "medical.policy.erased.v1"
    public let caseId: UUID
    public let policyId: UUID
    /// `consent withdrawn`, `case closed`, `no longer needed` or `person erased`.
    public let reason: String
    public init(caseId: UUID, policyId: UUID, reason: String) { self.caseId = caseId; self.policyId = policyId; self.reason = reason }
}
