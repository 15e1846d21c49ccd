import Foundation
import Persistence
import TestSupport
import Testing

@Suite("Migrations apply once, in order")
struct MigratorTests {
    static let migrations = [
        Migration(
            version: 2, name: "0002_add_rooms.sql", sql: "CREATE TABLE rooms (id integer PRIMARY KEY, shelter_id integer REFERENCES shelters);"),
        Migration(
            version: 1, name: "0001_create_shelters.sql", sql: "CREATE TABLE shelters (id integer PRIMARY KEY);\nCREATE INDEX ON shelters (id);"),
    ]

    func appliedVersions(_ pool: PostgresPool, _ schema: String) async throws -> [Int] {
        try await pool.query("SELECT version FROM \"\(schema)\".schema_migrations ORDER BY version")
            .map { Int(try $0.decode(0, as: Int32.self)) }
    }

    @Test func appliesInOrderOnceAndRerunningIsANoOp() async throws {
        try await withTestSchema { pool, schema in
            let migrator = try Migrator(schema: schema, migrations: Self.migrations)
            #expect(try await migrator.migrate(on: pool, logger: TestEnvironment.logger) == [1, 2])
            #expect(try await migrator.migrate(on: pool, logger: TestEnvironment.logger) == [])
            #expect(try await appliedVersions(pool, schema) == [1, 2])
            // The tables landed in the migrated schema, not in public.
            try await pool.query("INSERT INTO \"\(schema)\".shelters VALUES (1)")
            try await pool.query("INSERT INTO \"\(schema)\".rooms VALUES (1, 1)")
        }
    }

    @Test func twoRunnersAtOnceApplyEachMigrationOnce() async throws {
        try await withTestSchema(maxConnections: 8) { pool, schema in
            let migrator = try Migrator(schema: schema, migrations: Self.migrations)
            let results = try await withThrowingTaskGroup(of: [Int].self) { group in
                for _ in 0..<4 {
                    group.addTask { try await migrator.migrate(on: pool, logger: TestEnvironment.logger) }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(results.filter { $0 == [1, 2] }.count == 1)
            #expect(results.filter(\.isEmpty).count == 3)
            #expect(try await appliedVersions(pool, schema) == [1, 2])
        }
    }

    @Test func aFailingMigrationLeavesTheSchemaAsItWas() async throws {
        try await withTestSchema { pool, schema in
            let broken =
                Self.migrations + [Migration(version: 3, name: "0003_broken.sql", sql: "CREATE TABLE beds (id integer); SELECT no_such_function();")]
            let migrator = try Migrator(schema: schema, migrations: broken)
            await #expect(throws: PostgresError.self) { try await migrator.migrate(on: pool, logger: TestEnvironment.logger) }
            let tables = try await pool.query("SELECT count(*) FROM pg_tables WHERE schemaname = $1", [schema])
            #expect(try tables[0].decode(0, as: Int.self) == 0)
        }
    }

    @Test func duplicateVersionsAreRefused() throws {
        #expect(throws: PostgresError.self) {
            try Migrator(schema: "intake", migrations: Self.migrations + [Self.migrations[0]])
        }
    }

    @Test func filesAreReadByTheirNumber() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try "SELECT 1;".write(to: directory.appendingPathComponent("0010_later.sql"), atomically: true, encoding: .utf8)
        try "SELECT 2;".write(to: directory.appendingPathComponent("0002_first.sql"), atomically: true, encoding: .utf8)
        try "notes".write(to: directory.appendingPathComponent("README.md"), atomically: true, encoding: .utf8)
        let loaded = try Migrator(schema: "intake", migrations: Migrator.load(from: directory)).migrations
        #expect(loaded.map(\.version) == [2, 10])

        try "x".write(to: directory.appendingPathComponent("no_number.sql"), atomically: true, encoding: .utf8)
        #expect(throws: PostgresError.self) { try Migrator.load(from: directory) }
    }
}
