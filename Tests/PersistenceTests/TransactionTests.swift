import Foundation
import Persistence
import TestSupport
import Testing

@Suite("Transactions commit whole or not at all")
struct TransactionTests {
    @Test func failingStatementInsideTransactionLeavesNothingBehind() async throws {
        try await withTestSchema { pool, schema in
            try await pool.query("CREATE TABLE \"\(schema)\".beds (id integer PRIMARY KEY, label text NOT NULL)")
            await #expect(throws: PostgresError.self) {
                try await pool.withTransaction { connection in
                    try await connection.query("INSERT INTO \"\(schema)\".beds VALUES (1, 'first')")
                    try await connection.query("INSERT INTO \"\(schema)\".beds VALUES (2, 'second')")
                    try await connection.query("INSERT INTO \"\(schema)\".beds VALUES (3, NULL)")
                }
            }
            let count = try await pool.query("SELECT count(*) FROM \"\(schema)\".beds")
            #expect(try count.first?.decode(0, as: Int.self) == 0)
        }
    }

    @Test func swiftErrorInsideTransactionRollsBack() async throws {
        struct Refused: Error {}
        try await withTestSchema { pool, schema in
            try await pool.query("CREATE TABLE \"\(schema)\".beds (id integer PRIMARY KEY)")
            await #expect(throws: Refused.self) {
                try await pool.withTransaction { connection in
                    try await connection.query("INSERT INTO \"\(schema)\".beds VALUES (1)")
                    throw Refused()
                }
            }
            let count = try await pool.query("SELECT count(*) FROM \"\(schema)\".beds")
            #expect(try count.first?.decode(0, as: Int.self) == 0)
            // The connection went back to the pool clean: a new transaction works.
            try await pool.withTransaction { try await $0.query("INSERT INTO \"\(schema)\".beds VALUES (1)") }
        }
    }

    @Test func conflictingConcurrentTransactionsAreRetriedAndBothEffectsLand() async throws {
        try await withTestSchema { pool, schema in
            try await pool.query("CREATE TABLE \"\(schema)\".counter (id integer PRIMARY KEY, value integer NOT NULL)")
            try await pool.query("INSERT INTO \"\(schema)\".counter VALUES (1, 0)")
            let bothRead = Rendezvous(parties: 2)
            let attempts = Counter()

            @Sendable func increment() async throws {
                try await pool.withTransaction(isolation: .repeatableRead) { connection in
                    let attempt = await attempts.next()
                    let row = try await connection.query("SELECT value FROM \"\(schema)\".counter WHERE id = 1")
                    let value = try row[0].decode(0, as: Int32.self)
                    // On the first attempts both transactions read before either writes.
                    if attempt <= 2 { await bothRead.arrive() }
                    try await connection.query(
                        "UPDATE \"\(schema)\".counter SET value = $1 WHERE id = 1", [value + 1])
                }
            }
            async let first: Void = increment()
            async let second: Void = increment()
            _ = try await (first, second)

            let final = try await pool.query("SELECT value FROM \"\(schema)\".counter WHERE id = 1")
            #expect(try final[0].decode(0, as: Int32.self) == 2)
            #expect(await attempts.value >= 3, "one of the two must have been retried")
        }
    }
}

/// Suspends each arriving task until `parties` tasks have arrived.
actor Rendezvous {
    private let parties: Int
    private var waiting: [CheckedContinuation<Void, Never>] = []
    private var arrived = 0

    init(parties: Int) { self.parties = parties }

    func arrive() async {
        arrived += 1
        if arrived >= parties {
            waiting.forEach { $0.resume() }
            waiting.removeAll()
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }
}
