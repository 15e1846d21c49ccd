import Foundation
import Logging

/// One numbered SQL file of a service's schema (`0003_add_waitlist.sql`).
public struct Migration: Sendable, Equatable {
    /// The leading number: migrations apply in ascending order, each once.
    public let version: Int
    /// The file name, kept in `schema_migrations` for operators.
    public let name: String
    /// The statements, run with `search_path` set to the schema.
    public let sql: String

    public init(version: Int, name: String, sql: String) {
        self.version = version
        self.name = name
        self.sql = sql
    }
}

/// Applies a schema's migrations once, in order, recorded in `<schema>.schema_migrations`.
///
/// All pending migrations run in one transaction under a transaction-level advisory lock on the
/// schema's name, so replicas starting together apply each file exactly once and a failing file
/// leaves the schema as it was.
public struct Migrator: Sendable {
    /// The schema the migrations build; a lower-case SQL identifier.
    public let schema: String
    /// Every migration, in ascending version order.
    public let migrations: [Migration]

    /// Checks the schema name and that versions are unique.
    public init(schema: String, migrations: [Migration]) throws {
        guard schema.range(of: "^[a-z_][a-z0-9_]*$", options: .regularExpression) != nil else {
            throw PostgresError(.invalidMigration, detail: "schema name must be a lower-case identifier")
        }
        let sorted = migrations.sorted { $0.version < $1.version }
        for (earlier, later) in zip(sorted, sorted.dropFirst()) where earlier.version == later.version {
            throw PostgresError(.invalidMigration, detail: "two migrations have version \(later.version)")
        }
        self.schema = schema
        self.migrations = sorted
    }

    /// Reads the `NNNN_name.sql` files of a folder copied into a bundle (`Bundle.module.url(...)`);
    /// `what` names it in the error when the build lacks it.
    public static func load(bundled directory: URL?, what: String) throws -> [Migration] {
        guard let directory else { throw PostgresError(.invalidMigration, detail: "\(what) migrations are missing from the build") }
        return try load(from: directory)
    }

    /// Reads every `NNNN_name.sql` file of `directory`; any other `.sql` name is an error.
    public static func load(from directory: URL) throws -> [Migration] {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        return try names.filter { $0.hasSuffix(".sql") }.map { name in
            let digits = name.prefix { $0.isASCII && $0.isNumber }
            guard !digits.isEmpty, name.dropFirst(digits.count).first == "_", let version = Int(digits)
            else {
                throw PostgresError(.invalidMigration, detail: "\(name) does not start with NNNN_")
            }
            let sql = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
            return Migration(version: version, name: name, sql: sql)
        }
    }

    /// The versions not applied yet (every one when the schema or its `schema_migrations` is
    /// missing), read without writing anything: what a service checks at start.
    public func pending(on pool: PostgresPool) async throws -> [Int] {
        let recorded = try await pool.query("SELECT to_regclass($1) IS NOT NULL", ["\"\(schema)\".schema_migrations"])
        guard try recorded[0].decode(0, as: Bool.self) else { return migrations.map(\.version) }
        let done = Set(
            try await pool.query("SELECT version FROM \"\(schema)\".schema_migrations").map { Int(try $0.decode(0, as: Int32.self)) })
        return migrations.map(\.version).filter { !done.contains($0) }
    }

    /// Applies what is pending and returns the versions applied now (empty when up to date).
    @discardableResult
    public func migrate(on pool: PostgresPool, logger: Logger) async throws -> [Int] {
        let applied = try await pool.withTransaction { connection in
            try await connection.lockForTransaction("jardam.migrations.\(schema)")
            let exists = try await connection.query(
                "SELECT 1 FROM pg_namespace WHERE nspname = $1", [schema])
            if exists.isEmpty {
                try await connection.query("CREATE SCHEMA \"\(schema)\"")
            }
            try await connection.query(
                """
                CREATE TABLE IF NOT EXISTS "\(schema)".schema_migrations (
                    version integer PRIMARY KEY,
                    name text NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now())
                """)
            let done = Set(
                try await connection.query("SELECT version FROM \"\(schema)\".schema_migrations")
                    .map { try $0.decode(0, as: Int32.self) }.map(Int.init))
            var appliedNow: [Int] = []
            for migration in migrations where !done.contains(migration.version) {
                try await connection.query("SET LOCAL search_path TO \"\(schema)\", public")
                try await connection.executeScript(migration.sql)
                try await connection.query(
                    "INSERT INTO \"\(schema)\".schema_migrations (version, name) VALUES ($1, $2)",
                    [migration.version, migration.name])
                appliedNow.append(migration.version)
            }
            return appliedNow
        }
        for version in applied {
            logger.info("migration applied", metadata: ["db.schema": "\(schema)", "migration.version": "\(version)"])
        }
        return applied
    }
}
