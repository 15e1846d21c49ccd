import Foundation
import Persistence
import TestSupport
import Testing

/// Stops and restarts the test cluster: `make test` runs suites named "Outage" alone, after the rest.
@Suite("PostgreSQL outage", .serialized)
struct PostgresOutageTests {
    @Test func queriesFailCleanlyWhileDownAndSucceedAfterRestartWithoutANewPool() async throws {
        let pool = PostgresPool(
            configuration: .init(
                conninfo: TestEnvironment.postgresURL + (TestEnvironment.postgresURL.contains("?") ? "&" : "?") + "connect_timeout=2",
                maxConnections: 4,
                acquireTimeout: .seconds(3)),
            logger: TestEnvironment.logger)
        // Warm the pool so that idle connections exist when the server goes away.
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<4 { group.addTask { try await pool.query("SELECT pg_sleep(0.05)") } }
            try await group.waitForAll()
        }

        try await TestEnvironment.servers("stop-postgres")
        var failures: [PostgresError] = []
        for _ in 0..<3 {
            do {
                try await pool.query("SELECT 1")
                Issue.record("a query succeeded while PostgreSQL was stopped")
            } catch let error as PostgresError {
                failures.append(error)
            }
        }
        #expect(failures.count == 3)
        #expect(failures.allSatisfy { $0.isConnectionProblem }, "\(failures)")

        try await TestEnvironment.servers("start-postgres")
        let row = try await pool.query("SELECT 41 + 1 AS answer")
        #expect(try row[0].decode("answer", as: Int32.self) == 42)
        // Every connection the pool lends now is a working one.
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<8 { group.addTask { try await pool.query("SELECT pg_sleep(0.01)") } }
            try await group.waitForAll()
        }
        await pool.close()
    }
}
