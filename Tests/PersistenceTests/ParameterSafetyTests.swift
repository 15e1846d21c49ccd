import Foundation
import Persistence
import TestSupport
import Testing

@Suite("Parameters are data, never SQL")
struct ParameterSafetyTests {
    @Test(arguments: [
        "'; DROP TABLE notes; --",
        "Robert'); DROP TABLE notes;--",
        "$1 OR 1=1",
        "\\'; SELECT pg_sleep(10); --",
        "\" OR \"\"=\"",
        "x'::text); DELETE FROM notes; --",
    ])
    func injectionStringsAreStoredAsPlainText(_ attack: String) async throws {
        try await withTestSchema { pool, schema in
            try await pool.query("CREATE TABLE \"\(schema)\".notes (body text NOT NULL)")
            try await pool.query("INSERT INTO \"\(schema)\".notes VALUES ('keep')")
            try await pool.query("INSERT INTO \"\(schema)\".notes VALUES ($1)", [attack])
            let found = try await pool.query("SELECT body FROM \"\(schema)\".notes WHERE body = $1", [attack])
            #expect(try found.map { try $0.decode(0, as: String.self) } == [attack])
            let all = try await pool.query("SELECT count(*) AS n FROM \"\(schema)\".notes")
            #expect(try all.first?.decode("n", as: Int.self) == 2)
        }
    }

    @Test func errorsDoNotEchoParameterValues() async throws {
        try await withTestSchema { pool, schema in
            try await pool.query("CREATE TABLE \"\(schema)\".people (id uuid PRIMARY KEY, phone text UNIQUE)")
            let secret = "+7 999 123-45-67 Жумабаева"
            let badUUID = await #expect(throws: PostgresError.self) {
                try await pool.query("SELECT $1::uuid", [secret])
            }
            #expect(badUUID?.sqlState == "22P02")
            #expect(badUUID.map { !"\($0)".contains(secret) && !String(reflecting: $0).contains(secret) } == true)

            try await pool.query("INSERT INTO \"\(schema)\".people VALUES ($1, $2)", [UUID(), secret])
            let duplicate = await #expect(throws: PostgresError.self) {
                try await pool.query("INSERT INTO \"\(schema)\".people VALUES ($1, $2)", [UUID(), secret])
            }
            #expect(duplicate?.isUniqueViolation == true)
            #expect(duplicate?.constraint == "people_phone_key")
            #expect(duplicate.map { !"\($0)".contains(secret) } == true)
        }
    }
}
