import Contracts
import Foundation

/// One consent as it stands, or one change to it.
struct Consent: Codable, Sendable, Equatable {
    /// The change's id (`consent_changes`).
    let id: UUID
    let caseId: UUID
    let purpose: ConsentPurpose
    let granted: Bool
    let expiresAt: Date?
    let changedAt: Date
}
