import Messaging
import Testing

@Suite("Backoff")
struct BackoffTests {
    @Test func delaysDoubleFromAQuarterSecondUpToTwoSecondsWithJitter() {
        var backoff = Backoff()
        let delays = (0..<12).map { _ in backoff.next() }
        #expect(delays[0] >= .milliseconds(125) && delays[0] <= .milliseconds(250))
        #expect(delays[3] >= .milliseconds(1_000) && delays[3] <= .milliseconds(2_000))
        #expect(delays.allSatisfy { $0 <= .seconds(2) })
        #expect(delays.suffix(8).allSatisfy { $0 >= .seconds(1) })
    }

    /// What the outbox relay relies on: a failure long after the last ones (a broker node lost
    /// an hour after the previous one) is retried in a quarter second, not after the longest delay.
    @Test func aResetStartsOverFromTheShortestDelay() {
        var backoff = Backoff()
        for _ in 0..<10 { _ = backoff.next() }
        backoff.reset()
        #expect(backoff.next() <= .milliseconds(250))
    }
}
