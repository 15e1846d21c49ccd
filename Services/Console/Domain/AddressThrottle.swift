import Foundation

/// How many sign-in attempts one address may make: at most ``limit`` in any ``window``,
/// whichever accounts they name (the per-account lockout stops guessing one account; this stops
/// one machine trying many).
struct AddressThrottle: Sendable {
    static let limit = 20
    static let window: TimeInterval = 5 * 60

    /// Whether an attempt at `now` is allowed after the `earlier` ones of the same address.
    static func admits(after earlier: [Date], now: Date) -> Bool {
        earlier.filter { now.timeIntervalSince($0) < window }.count < limit
    }
}

/// The attempts of each address in the last ``AddressThrottle/window``, in memory (a restart
/// forgets them; the per-account lockout is kept in the database).
actor SignInThrottle {
    /// Addresses remembered at most; beyond, the oldest are forgotten first.
    static let capacity = 100_000

    private var attempts: [String: [Date]] = [:]

    /// Records an attempt from `address` at `now` and says whether it may go on.
    func admit(_ address: String, now: Date) -> Bool {
        let recent = (attempts[address] ?? []).filter { now.timeIntervalSince($0) < AddressThrottle.window }
        guard AddressThrottle.admits(after: recent, now: now) else {
            attempts[address] = recent
            return false
        }
        if attempts[address] == nil, attempts.count >= Self.capacity { forgetOldest(now: now) }
        attempts[address] = recent + [now]
        return true
    }

    private func forgetOldest(now: Date) {
        attempts = attempts.filter { _, times in times.contains { now.timeIntervalSince($0) < AddressThrottle.window } }
        if attempts.count >= Self.capacity, let oldest = attempts.min(by: { ($0.value.last ?? now) < ($1.value.last ?? now) })?.key {
            attempts[oldest] = nil
        }
    }
}
