/// Exponential backoff with jitter for reconnecting and retrying: 0.25 s doubling up to 2 s (a
/// broker node lost is replaced by another within seconds; a city's few clients retrying every 2 s
/// cost nothing).
public struct Backoff: Sendable {
    private var attempt = 0

    public init() {}

    /// The next delay; call ``reset()`` after a success.
    public mutating func next() -> Duration {
        let base = min(2_000, 250 << min(attempt, 6))
        attempt += 1
        return .milliseconds(Int.random(in: base / 2...base))
    }

    public mutating func reset() { attempt = 0 }
}
