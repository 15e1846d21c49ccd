import Contracts
import Foundation

/// A complaint about an employer, by tax id (INN).
struct Complaint: Codable, Sendable, Equatable {
    let id: UUID
    let taxId: String
    let kind: ComplaintKind
    let caseId: UUID?
    let amount: Money?
    let filedAt: Date
}

/// An employer's flag as the network sees it: decided in `city` (this one, or another city of
/// the network).
struct EmployerFlag: Codable, Sendable, Equatable {
    let taxId: String
    let flagged: Bool
    let reason: String
    let evidenceCount: Int
    let changedAt: Date
    let city: String
}

/// An employer before the supervisors: violence or unsafe conditions reported, not flagged.
struct EmployerReview: Codable, Sendable, Equatable {
    let taxId: String
    let kinds: [ComplaintKind]
    let complaints: Int
    let firstReportedAt: Date
}
