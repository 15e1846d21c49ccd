import Contracts
import Eventing
import Foundation
import Persistence
import TestSupport
import Testing

@Suite("Typed values round-trip through PostgreSQL")
struct TypeRoundTripTests {
    struct Sample: Codable, Sendable, Equatable {
        let name: String
        let languages: [String]
    }

    static let createTable = """
        CREATE TABLE "%@".samples (
            id uuid PRIMARY KEY, name text, small integer, big bigint, ratio double precision,
            wage numeric(12,2), active boolean, born date, seen_at timestamptz,
            profile jsonb, blob bytea, tags text[])
        """

    @Test func everySupportedTypeRoundTripsWithCyrillicAndKyrgyzLetters() async throws {
        try await withTestSchema { pool, schema in
            try await pool.query(String(format: Self.createTable, schema))
            let id = UUID()
            let name = "Жумабаева Асель Төлөгөновна — ң ө ү Ң Ө Ү"
            let wage = Decimal(string: "1234567890.55")!
            let born = CalendarDate(year: 1996, month: 2, day: 29)!
            let seenAt = Date(timeIntervalSince1970: 1_795_428_000.123456)
            let profile = try PostgresJSON(Sample(name: "Үмүт", languages: ["ky", "ru"]))
            let blob = Data([0x00, 0x01, 0x7f, 0x80, 0xfe, 0xff])
            let tags = ["plain", "with space", "comma,inside", "quote\"inside", "back\\slash", "NULL", "", "{braces}", "ңөү"]
            try await pool.query(
                """
                INSERT INTO "\(schema)".samples
                (id, name, small, big, ratio, wage, active, born, seen_at, profile, blob, tags)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
                """,
                [id, name, Int32(-42), Int.max, 0.1, wage, true, born, seenAt, profile, blob, tags])

            let row = try #require(try await pool.query("SELECT * FROM \"\(schema)\".samples").first)
            #expect(try row.decode("id", as: UUID.self) == id)
            #expect(try row.decode("name", as: String.self) == name)
            #expect(try row.decode("small", as: Int32.self) == -42)
            #expect(try row.decode("big", as: Int.self) == Int.max)
            #expect(try row.decode("ratio", as: Double.self) == 0.1)
            #expect(try row.decode("wage", as: Decimal.self) == wage)
            #expect(try row.decode("active", as: Bool.self) == true)
            #expect(try row.decode("born", as: CalendarDate.self) == born)
            let readAt = try row.decode("seen_at", as: Date.self)
            #expect(abs(readAt.timeIntervalSince1970 - seenAt.timeIntervalSince1970) < 0.000_001)
            #expect(try row.decode("profile", as: PostgresJSON<Sample>.self).value == profile.value)
            #expect(try row.decode("blob", as: Data.self) == blob)
            #expect(try row.decode("tags", as: [String].self) == tags)
        }
    }

    @Test func numericKeepsItsTwoDecimalPlaces() async throws {
        try await withTestSchema { pool, schema in
            try await pool.query("CREATE TABLE \"\(schema)\".money (amount numeric(12,2))")
            for text in ["15000.00", "0.01", "-9999999999.99", "34.5"] {
                try await pool.query("INSERT INTO \"\(schema)\".money VALUES ($1)", [Decimal(string: text)!])
            }
            let rows = try await pool.query("SELECT amount::text AS text, amount FROM \"\(schema)\".money")
            #expect(try rows.map { try $0.decode("text", as: String.self) } == ["15000.00", "0.01", "-9999999999.99", "34.50"])
            #expect(try rows.map { try $0.decode("amount", as: Decimal.self) }.last == Decimal(string: "34.5"))
        }
    }

    @Test func nullsReadAsNilForOptionalsAndFailForValues() async throws {
        try await withTestSchema { pool, schema in
            try await pool.query(String(format: Self.createTable, schema))
            let id = UUID()
            let none: String? = nil
            try await pool.query(
                """
                INSERT INTO "\(schema)".samples
                (id, name, small, big, ratio, wage, active, born, seen_at, profile, blob, tags)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
                """,
                [
                    id, none, Int32?.none, Int?.none, Double?.none, Decimal?.none, Bool?.none,
                    CalendarDate?.none, Date?.none, PostgresJSON<Sample>?.none, Data?.none, [String]?.none,
                ])
            let row = try #require(try await pool.query("SELECT * FROM \"\(schema)\".samples").first)
            #expect(try row.decode("name", as: String?.self) == nil)
            #expect(try row.decode("small", as: Int32?.self) == nil)
            #expect(try row.decode("big", as: Int?.self) == nil)
            #expect(try row.decode("ratio", as: Double?.self) == nil)
            #expect(try row.decode("wage", as: Decimal?.self) == nil)
            #expect(try row.decode("active", as: Bool?.self) == nil)
            #expect(try row.decode("born", as: CalendarDate?.self) == nil)
            #expect(try row.decode("seen_at", as: Date?.self) == nil)
            #expect(try row.decode("profile", as: PostgresJSON<Sample>?.self) == nil)
            #expect(try row.decode("blob", as: Data?.self) == nil)
            #expect(try row.decode("tags", as: [String]?.self) == nil)
            #expect {
                try row.decode("name", as: String.self)
            } throws: { ($0 as? PostgresError)?.code == .unexpectedNull }
        }
    }

    @Test func timestampsFromOtherZonesReadAsTheSameInstant() async throws {
        try await withTestSchema { pool, _ in
            let row = try #require(
                try await pool.query("SELECT '2026-11-23 13:00:00+03'::timestamptz AS t, '1969-12-31 23:59:59.5Z'::timestamptz AS before").first)
            #expect(try row.decode("t", as: Date.self) == Date(timeIntervalSince1970: 1_795_428_000))
            #expect(try row.decode("before", as: Date.self) == Date(timeIntervalSince1970: -0.5))
        }
    }
}

extension PostgresJSON: Equatable where Value: Equatable {
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.value == rhs.value }
}
