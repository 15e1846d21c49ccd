import Contracts
import Foundation

/// A partner organisation: lawyers, NGOs, unions, consulates.
struct Partner: Codable, Sendable, Equatable {
    let id: UUID
    let name: String
    let kind: PartnerKind
    let languages: [String]
    let specializations: [LegalIssue]
    let capacity: Int
    let discountPercent: Decimal?
    /// Referrals it holds now (proposed or accepted).
    let load: Int
}
