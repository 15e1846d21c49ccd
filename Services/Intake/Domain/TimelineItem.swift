import Contracts
import Foundation

/// One step in a case's life as a caseworker reads it.
struct TimelineItem: Codable, Sendable, Equatable {
    let at: Date
    /// The event type (`legal.referral.accepted.v1`).
    let type: String
    /// The service that did it (`legal-referral`).
    let service: String
    /// What happened, in plain words.
    let summary: String
    let eventId: UUID
}
