/// Polls `condition` every 100 ms for up to `timeout`; returns its last answer.
public func eventually(_ timeout: Duration = .seconds(30), _ condition: () async throws -> Bool) async throws -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try await Task.sleep(for: .milliseconds(100))
    }
    return try await condition()
}

/// Counts calls across tasks: `next()` returns 1, 2, 3...
public actor Counter {
    public private(set) var value = 0

    public init() {}

    public func next() -> Int {
        value += 1
        return value
    }
}
