import Foundation
import Logging
import Persistence

/// What `make test` exports for the tests: the servers it started and how to reach them.
public enum TestEnvironment {
    /// The repository root, found from this file's path.
    public static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// A variable `make test` sets; a clear failure when the tests run without it.
    public static func variable(_ name: String) -> String {
        guard let value = ProcessInfo.processInfo.environment[name], !value.isEmpty else {
            fatalError("\(name) is not set: run the tests with `make test`, which starts PostgreSQL and RabbitMQ")
        }
        return value
    }

    /// Superuser URL of the test cluster's city database.
    public static var postgresURL: String { variable("JARDAM_TEST_POSTGRES_URL") }

    /// Superuser URL of the test cluster's key store (`jardam_<city>_keys`).
    public static var keysPostgresURL: String { variable("JARDAM_TEST_KEYS_POSTGRES_URL") }

    /// A logger at `JARDAM_TEST_LOG_LEVEL` (default: warning), to keep test output readable.
    public static var logger: Logger {
        var logger = Logger(label: "test")
        logger.logLevel = ProcessInfo.processInfo.environment["JARDAM_TEST_LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0) } ?? .warning
        return logger
    }

    /// Runs `scripts/servers.sh COMMAND test` (stop-postgres, start-postgres, ...) to its end.
    public static func servers(_ command: String) async throws {
        let script = root.appendingPathComponent("scripts/servers.sh").path
        let child = try ChildProcess("/bin/bash", arguments: [script, command, "test"], environment: ProcessInfo.processInfo.environment)
        guard let status = await child.exitStatus(within: .seconds(180)), status == 0 else {
            throw TestFailure("servers.sh \(command) failed: \(child.output)")
        }
    }
}

/// A failure of the test harness itself.
public struct TestFailure: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// A pool on the test database and a fresh schema that is dropped afterwards.
public func withTestSchema<T>(
    maxConnections: Int = 4,
    _ body: (PostgresPool, String) async throws -> T
) async throws -> T {
    let schema = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(12)
    return try await withSchema(String(schema), at: TestEnvironment.postgresURL, maxConnections: maxConnections) {
        try await body($0, String(schema))
    }
}

/// A pool on the test key store with a schema `schema` (the service schema's twin), dropped afterwards.
public func withTestKeyStore<T>(schema: String, _ body: (PostgresPool) async throws -> T) async throws -> T {
    try await withSchema(schema, at: TestEnvironment.keysPostgresURL, maxConnections: 4, body)
}

/// A pool on the database at `conninfo` with the schema `schema`, made now and dropped afterwards.
/// Its connections are waited for up to a minute: the whole suite runs in parallel on two cores,
/// and the tests that queue hundreds of requests on a few connections test correctness, not speed.
private func withSchema<T>(_ schema: String, at conninfo: String, maxConnections: Int, _ body: (PostgresPool) async throws -> T) async throws -> T {
    let pool = PostgresPool(
        configuration: .init(conninfo: conninfo, maxConnections: maxConnections, acquireTimeout: .seconds(60)), logger: TestEnvironment.logger)
    try await pool.query("CREATE SCHEMA \"\(schema)\"")
    do {
        let value = try await body(pool)
        try await pool.query("DROP SCHEMA \"\(schema)\" CASCADE")
        await pool.close()
        return value
    } catch {
        _ = try? await pool.query("DROP SCHEMA \"\(schema)\" CASCADE")
        await pool.close()
        throw error
    }
}
