import Foundation

/// An employer flagged in one city, for every city of the network (CONTRACT.md §7).
///
/// The deciding city's `network` service publishes it on `jardam.network` when its
/// legal-referral flags the employer; every other city's `network` service takes it from its own
/// `jardam.network` (federation brings it) and announces it again on its `jardam.events`, for its
/// labor-exchange (which suspends the employer's vacancies) and legal-referral (which lists it).
/// `city` is the deciding city; `decidedAt` orders one city's decisions about one employer, so
/// that a flag and a clearing that arrive in the other order end as decided.
public struct NetworkEmployerFlagged: EventData {
    public static let type = "network.employer.flagged.v1"
    public let taxId: String
    public let reason: String
    public let evidenceCount: Int
    public let city: String
    public let decidedAt: Date
    public init(taxId: String, reason: String, evidenceCount: Int, city: String, decidedAt: Date) {
        self.taxId = taxId; self.reason = reason; self.evidenceCount = evidenceCount; self.city = city; self.decidedAt = decidedAt
    }
}

/// A flag cleared in the city that decided it, for every city of the network (as
/// ``NetworkEmployerFlagged``).
public struct NetworkEmployerCleared: EventData {
    public static let type = "network.employer.cleared.v1"
    public let taxId: String
    public let reason: String
    public let evidenceCount: Int
    public let city: String
    public let decidedAt: Date
    public init(taxId: String, reason: String, evidenceCount: Int, city: String, decidedAt: Date) {
        self.taxId = taxId; self.reason = reason; self.evidenceCount = evidenceCount; self.city = city; self.decidedAt = decidedAt
    }
}
