import Contracts
import Foundation

/// A policy as stored: the number stays sealed until someone with the right reads it.
struct StoredPolicy: Sendable, Equatable {
    let id: UUID
    let caseId: UUID
    let personRef: String?
    let planId: UUID
    let sealedNumber: Data?
    let validFrom: CalendarDate
    let validTo: CalendarDate
}

/// A policy with its number opened (every such read is audited).
struct PolicyView: Codable, Sendable, Equatable {
    let id: UUID
    let caseId: UUID
    let planId: UUID
    /// `nil` once the person was erased.
    let number: String?
    let validFrom: CalendarDate
    let validTo: CalendarDate
}
