import Foundation
import Persistence
import TestSupport
import Testing

@Suite("The pool is bounded")
struct PoolTests {
    @Test func acquireTimesOutWhenEveryConnectionIsBusy() async throws {
        let pool = PostgresPool(
            configuration: .init(conninfo: TestEnvironment.postgresURL, maxConnections: 1, acquireTimeout: .milliseconds(200)),
            logger: TestEnvironment.logger)
        let held = Rendezvous(parties: 2)
        let release = Rendezvous(parties: 2)
        async let holder: Void = pool.withConnection { connection in
            try await connection.query("SELECT 1")
            await held.arrive()
            await release.arrive()
        }
        await held.arrive()
        let error = await #expect(throws: PostgresError.self) { try await pool.query("SELECT 1") }
        #expect(error?.code == .poolTimeout)
        await release.arrive()
        try await holder
        // Once released, the connection serves the next caller.
        try await pool.query("SELECT 1")
        await pool.close()
    }

    @Test func neverLendsMoreConnectionsThanItsBound() async throws {
        // A generous acquire timeout: this is about the bound, not speed, and the suite runs
        // beside every other test on two cores.
        let pool = PostgresPool(
            configuration: .init(conninfo: TestEnvironment.postgresURL, maxConnections: 3, acquireTimeout: .seconds(60)),
            logger: TestEnvironment.logger)
        let inUse = HighWaterMark()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<30 {
                group.addTask {
                    try await pool.withConnection { connection in
                        await inUse.enter(ObjectIdentifier(connection))
                        // Held until the bound is reached (or 20 s passed), so that reaching it
                        // does not depend on how the machine schedules 30 tasks.
                        let deadline = ContinuousClock.now + .seconds(20)
                        while await inUse.highest < 3, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(5)) }
                        try await connection.query("SELECT pg_sleep(0.02)")
                        await inUse.leave(ObjectIdentifier(connection))
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(await inUse.highest == 3)
        #expect(await inUse.distinct <= 3)
        await pool.close()
    }

    @Test func aClosedPoolRefusesWork() async throws {
        let pool = PostgresPool(configuration: .init(conninfo: TestEnvironment.postgresURL), logger: TestEnvironment.logger)
        try await pool.query("SELECT 1")
        await pool.close()
        let error = await #expect(throws: PostgresError.self) { try await pool.query("SELECT 1") }
        #expect(error?.code == .poolClosed)
    }

    @Test func badCredentialsFailWithAConnectionError() async throws {
        let pool = PostgresPool(
            configuration: .init(conninfo: "postgresql://nobody:wrong@127.0.0.1:1/none?connect_timeout=2"),
            logger: TestEnvironment.logger)
        let error = await #expect(throws: PostgresError.self) { try await pool.query("SELECT 1") }
        #expect(error?.code == .connectionFailed)
        await pool.close()
    }
}

/// The most connections lent at once, and how many distinct ones were seen.
actor HighWaterMark {
    private var current: Set<ObjectIdentifier> = []
    private var seen: Set<ObjectIdentifier> = []
    private(set) var highest = 0

    var distinct: Int { seen.count }

    func enter(_ id: ObjectIdentifier) {
        current.insert(id)
        seen.insert(id)
        highest = max(highest, current.count)
    }

    func leave(_ id: ObjectIdentifier) { current.remove(id) }
}
