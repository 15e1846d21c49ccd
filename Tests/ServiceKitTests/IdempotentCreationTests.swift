import Foundation
import Persistence
import ServiceKit
import TestSupport
import Testing

@Suite("Idempotency-Key")
struct IdempotentCreationTests {
    func withStore(_ body: (IdempotentCreation, PostgresPool, String) async throws -> Void) async throws {
        try await withTestSchema(maxConnections: 6) { pool, schema in
            try await Migrator(schema: schema, migrations: ServiceKitMigrations.all(for: .shelter)).migrate(on: pool, logger: TestEnvironment.logger)
            try await pool.query("CREATE TABLE \"\(schema)\".things (id uuid PRIMARY KEY)")
            try await body(IdempotentCreation(schema: schema, secret: String(repeating: "s", count: 32)), pool, schema)
        }
    }

    static func creating(_ schema: String) -> (PostgresConnection) async throws -> UUID {
        { connection in
            let id = UUID()
            try await connection.query("INSERT INTO \"\(schema)\".things VALUES ($1)", [id])
            return id
        }
    }

    func things(_ pool: PostgresPool, _ schema: String) async throws -> Int {
        try await pool.query("SELECT count(*) FROM \"\(schema)\".things")[0].decode(0, as: Int.self)
    }

    @Test func aRetriedPostWithTheSameKeyAndBodyReturnsTheFirstResult() async throws {
        try await withStore { store, pool, schema in
            let body = Data(#"{"caseId": 1}"#.utf8)
            let first = try await store.run(key: "k-1", scope: "cw-1 POST /v1/things", body: body, database: pool, create: Self.creating(schema))
            let again = try await store.run(key: "k-1", scope: "cw-1 POST /v1/things", body: body, database: pool, create: Self.creating(schema))
            #expect(first.replayed == false && again.replayed == true && again.id == first.id)
            #expect(try await things(pool, schema) == 1)
        }
    }

    @Test func theSameKeyWithAnotherBodyIs422() async throws {
        try await withStore { store, pool, schema in
            _ = try await store.run(key: "k-2", scope: "s", body: Data("a".utf8), database: pool, create: Self.creating(schema))
            let error = await #expect(throws: Problem.self) {
                try await store.run(key: "k-2", scope: "s", body: Data("b".utf8), database: pool, create: Self.creating(schema))
            }
            #expect(error?.status == .unprocessableContent)
            #expect(try await things(pool, schema) == 1)
        }
    }

    @Test func concurrentTwinsCreateOnce() async throws {
        try await withStore { store, pool, schema in
            let outcomes = try await withThrowingTaskGroup(of: IdempotentCreation.Outcome.self) { group in
                for _ in 0..<5 {
                    group.addTask { try await store.run(key: "k-3", scope: "s", body: Data("x".utf8), database: pool, create: Self.creating(schema)) }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(Set(outcomes.map(\.id)).count == 1)
            #expect(outcomes.filter { !$0.replayed }.count == 1)
            #expect(try await things(pool, schema) == 1)
        }
    }

    @Test func keysAreScopedAndForgottenAfterTheWindow() async throws {
        try await withStore { store, pool, schema in
            let a = try await store.run(key: "k-4", scope: "caller-a", body: Data(), database: pool, create: Self.creating(schema))
            let b = try await store.run(key: "k-4", scope: "caller-b", body: Data(), database: pool, create: Self.creating(schema))
            #expect(a.id != b.id)
            try await pool.query("UPDATE \"\(schema)\".idempotency_keys SET created_at = now() - interval '25 hours'")
            let later = try await store.run(key: "k-4", scope: "caller-a", body: Data(), database: pool, create: Self.creating(schema))
            #expect(later.replayed == false && later.id != a.id)
            let none1 = try await store.run(key: nil, scope: "s", body: Data(), database: pool, create: Self.creating(schema))
            let none2 = try await store.run(key: nil, scope: "s", body: Data(), database: pool, create: Self.creating(schema))
            #expect(none1.id != none2.id)
            #expect(try await things(pool, schema) == 5)
        }
    }
}
