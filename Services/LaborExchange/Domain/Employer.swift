import Contracts
import Foundation

/// An employer, with the flag legal-referral announced for its tax id.
struct Employer: Codable, Sendable, Equatable {
    let id: UUID
    let taxId: String
    let name: String
    let city: String
    let flagged: Bool
    let flagReason: String?
}
