import Foundation

/// A city this city is linked to: federated from its broker, with the key that seals what is
/// transferred to it.
struct Link: Codable, Sendable, Equatable {
    let city: String
    /// The city's transfer public key: X25519, raw 32 bytes, written base64.
    let transferKey: Data
    let linkedAt: Date
    /// When the last event from that city arrived here; `nil` before the first.
    let lastMessageAt: Date?
    let messagesReceived: Int

    /// Seconds since the last event from the city, at `now`; `nil` before the first.
    func lastMessageAge(at now: Date) -> Int? {
        lastMessageAt.map { max(0, Int(now.timeIntervalSince($0).rounded(.down))) }
    }
}
