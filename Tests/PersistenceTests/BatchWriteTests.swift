import Foundation
import Persistence
import TestSupport
import Testing

@Suite("Gathered writes go with the statement that needs them, whole or not at all")
struct BatchWriteTests {
    /// Rows inserted into `beds` of `schema`, id and label.
    private func beds(_ schema: String) -> BatchWrite {
        BatchWrite(
            schema: schema, table: "beds", columns: [.init("id", "int4"), .init("label", "text")],
            form: .insert(conflict: "ON CONFLICT (id) DO NOTHING"))
    }

    /// Rows the transaction has sent to `beds` so far (the statistics view, whose query does not
    /// name the table, so does not send the gathered rows itself).
    private func insertedSoFar(into schema: String, on connection: PostgresConnection) async throws -> Int {
        try await connection.query(
            "SELECT n_tup_ins FROM pg_stat_xact_user_tables WHERE schemaname = $1 AND relname = 'be' || 'ds'", [schema]
        )[0].decode(0, as: Int.self)
    }

    @Test func rowsWaitUntilAStatementNamesTheirTableThenGoTogether() async throws {
        try await withTestSchema { pool, schema in
            try await pool.query("CREATE TABLE \"\(schema)\".beds (id integer PRIMARY KEY, label text)")
            try await pool.withTransaction { connection in
                try await connection.write(beds(schema), [1, "first"])
                try await connection.write(beds(schema), [2, Optional<String>.none])
                try await connection.write(beds(schema), [3, "quote \" and, comma {}"])
                #expect(try await insertedSoFar(into: schema, on: connection) == 0)
                let rows = try await connection.query("SELECT id, label FROM \"\(schema)\".beds ORDER BY id")
                #expect(try rows.map { try $0.decode("id", as: Int32.self) } == [1, 2, 3])
                #expect(try rows.map { try $0.decode("label", as: String?.self) } == ["first", nil, "quote \" and, comma {}"])
                #expect(try await insertedSoFar(into: schema, on: connection) == 3)
                try await connection.write(beds(schema), [4, "sent with the commit"])
            }
            let count = try await pool.query("SELECT count(*) FROM \"\(schema)\".beds")
            #expect(try count[0].decode(0, as: Int.self) == 4)
        }
    }

    @Test func aFailureInTheMiddleOfAPipelinedTransactionLeavesNothingBehind() async throws {
        try await withTestSchema { pool, schema in
            try await pool.query("CREATE TABLE \"\(schema)\".beds (id integer PRIMARY KEY, label text CHECK (label <> 'refused'))")
            try await pool.query("CREATE TABLE \"\(schema)\".rooms (id integer PRIMARY KEY)")
            // The refused row's own error comes back (not a lost connection: it is not worth a retry).
            let error = await #expect(throws: PostgresError.self) {
                try await pool.withTransaction { connection in
                    // The BEGIN goes with this first statement, in one pipeline.
                    try await connection.query("INSERT INTO \"\(schema)\".rooms VALUES (1)")
                    try await connection.write(beds(schema), [1, "first"])
                    try await connection.write(beds(schema), [2, "refused"])
                    try await connection.write(beds(schema), [3, "third"])
                    // The gathered rows and the COMMIT go in one pipeline; the second row fails it.
                }
            }
            #expect(error?.sqlState == "23514")
            let counts = try await pool.query(
                "SELECT (SELECT count(*) FROM \"\(schema)\".beds) AS beds, (SELECT count(*) FROM \"\(schema)\".rooms) AS rooms")
            #expect(try counts[0].decode("beds", as: Int.self) == 0)
            #expect(try counts[0].decode("rooms", as: Int.self) == 0)
            // The connection came back clean from the aborted pipeline: the same work without the
            // refused row commits.
            try await pool.withTransaction { connection in
                try await connection.query("INSERT INTO \"\(schema)\".rooms VALUES (1)")
                try await connection.write(beds(schema), [1, "first"])
            }
            let after = try await pool.query("SELECT count(*) FROM \"\(schema)\".beds")
            #expect(try after[0].decode(0, as: Int.self) == 1)
        }
    }

    @Test func aFailingFirstStatementRollsBackItsPipelinedBegin() async throws {
        try await withTestSchema { pool, schema in
            try await pool.query("CREATE TABLE \"\(schema)\".beds (id integer PRIMARY KEY, label text)")
            await #expect(throws: PostgresError.self) {
                try await pool.withTransaction { connection in
                    try await connection.query("INSERT INTO \"\(schema)\".beds VALUES (1, 'x'), (1, 'x')")
                }
            }
            try await pool.withTransaction { connection in
                try await connection.query("INSERT INTO \"\(schema)\".beds VALUES (1, 'x')")
            }
            let count = try await pool.query("SELECT count(*) FROM \"\(schema)\".beds")
            #expect(try count[0].decode(0, as: Int.self) == 1)
        }
    }

    @Test func aLaterUpdateOfTheSameRowReplacesTheEarlierOne() async throws {
        try await withTestSchema { pool, schema in
            try await pool.query("CREATE TABLE \"\(schema)\".beds (id integer PRIMARY KEY, label text, tags text[])")
            try await pool.query("INSERT INTO \"\(schema)\".beds VALUES (1, 'one', '{}'), (2, 'two', '{}')")
            let relabel = BatchWrite(
                schema: schema, table: "beds", columns: [.init("id", "int4"), .init("label", "text"), .init("tags", "text")],
                form: .update(set: "label = u.label, tags = u.tags::text[]"))
            try await pool.withTransaction { connection in
                try await connection.write(relabel, [1, "first", ["a", "b c"]])
                try await connection.write(relabel, [2, "second", [String]()])
                try await connection.write(relabel, [1, "first again", ["d"]])
            }
            let rows = try await pool.query("SELECT label, tags FROM \"\(schema)\".beds ORDER BY id")
            #expect(try rows.map { try $0.decode("label", as: String.self) } == ["first again", "second"])
            #expect(try rows.map { try $0.decode("tags", as: [String].self) } == [["d"], []])
        }
    }

    @Test func outsideATransactionARowIsWrittenAtOnce() async throws {
        try await withTestSchema { pool, schema in
            try await pool.query("CREATE TABLE \"\(schema)\".beds (id integer PRIMARY KEY, label text)")
            try await pool.withConnection { try await $0.write(beds(schema), [1, "alone"]) }
            let count = try await pool.query("SELECT count(*) FROM \"\(schema)\".beds")
            #expect(try count[0].decode(0, as: Int.self) == 1)
        }
    }

    @Test func anAdvisoryLockTakenInOneTransactionIsTakenAgainInTheNext() async throws {
        try await withTestSchema { pool, schema in
            func advisoryLocks(on connection: PostgresConnection) async throws -> Int {
                try await connection.query(
                    "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()")[0].decode(0, as: Int.self)
            }
            try await pool.withTransaction { connection in
                try await connection.lockForTransaction("\(schema).beds")
                try await connection.query("SAVEPOINT probe")
                await #expect(throws: PostgresError.self) { try await connection.query("SELECT 1 / $1::int", [0]) }
                // Until the rollback to the savepoint, any statement sent fails: asking again sends none.
                try await connection.lockForTransaction("\(schema).beds")
                try await connection.query("ROLLBACK TO SAVEPOINT probe")
                #expect(try await advisoryLocks(on: connection) == 1)
            }
            // The commit released it, and the connection forgot it held it.
            try await pool.withTransaction { connection in
                #expect(try await advisoryLocks(on: connection) == 0)
                try await connection.lockForTransaction("\(schema).beds")
                #expect(try await advisoryLocks(on: connection) == 1)
            }
        }
    }
}
