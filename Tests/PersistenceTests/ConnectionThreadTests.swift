import Foundation
import TestSupport
import Testing

@testable import Persistence

@Suite("A connection's thread", .timeLimit(.minutes(1)))
struct ConnectionThreadTests {
    /// Counts calls, so that the test awaits an actor in the middle of a transaction.
    actor Calls {
        private(set) var count = 0
        func add() { count += 1 }
    }

    @Test func aTaskHoldingAConnectionRunsOnItsThreadThroughoutItsTransaction() async throws {
        let pool = PostgresPool(configuration: .init(conninfo: TestEnvironment.postgresURL), logger: TestEnvironment.logger)
        let calls = Calls()
        let seen = try await pool.withTransaction { connection in
            var onThread = [connection.isOnItsThread]
            try await connection.query("SELECT 1")
            onThread.append(connection.isOnItsThread)
            await calls.add()
            onThread.append(connection.isOnItsThread)
            try await connection.query("SELECT $1::int", [2])
            onThread.append(connection.isOnItsThread)
            return onThread
        }
        #expect(seen == [true, true, true, true])
        try await pool.withConnection { connection in
            // Outside the lending, the same connection is reached from other threads.
            let other = try await Task.detached { try await connection.query("SELECT 3").first?.decode(0, as: String.self) }.value
            #expect(other == "3")
        }
        await pool.close()
    }

    @Test func aCallFromElsewhereIsQueuedToTheThread() async throws {
        let connection = try await PostgresConnection.connect(TestEnvironment.postgresURL)
        #expect(!connection.isOnItsThread)
        let rows = try await connection.query("SELECT $1::text", ["queued"])
        #expect(try rows.first?.decode(0, as: String.self) == "queued")
        await connection.close()
        let error = await #expect(throws: PostgresError.self) { try await connection.query("SELECT 1") }
        #expect(error?.code == .connectionLost)
    }

    @Test func aStoppedThreadRefusesCallsAndLetsTheTasksPreferringItGoOn() async throws {
        let thread = ConnectionThread(name: "test")
        #expect(try await thread.run { 6 * 7 } == 42)
        let value = try await withTaskExecutorPreference(thread) {
            #expect(thread.isCurrent)
            thread.stop()
            // Suspended now, the task is resumed on the global executor once the thread has ended.
            var refused = false
            while !refused {
                await Task.yield()
                do { _ = try await thread.run { 0 } } catch let error as PostgresError where error.code == .connectionLost { refused = true }
            }
            #expect(!thread.isCurrent)
            return 7
        }
        #expect(value == 7)
    }
}
