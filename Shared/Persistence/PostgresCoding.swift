import Foundation

/// A Swift value that can be bound as a statement parameter, in PostgreSQL's text format.
public protocol PostgresEncodable: Sendable {
    /// The type the parameter is declared as.
    static var postgresType: PostgresType { get }
    /// The parameter's text form; `nil` binds SQL NULL.
    var postgresText: String? { get }
}

/// A Swift value that can be read from a column in PostgreSQL's text format.
public protocol PostgresDecodable: Sendable {
    /// Reads a non-NULL column value.
    init(postgresText: String) throws(PostgresDecodingFailure)
    /// What a NULL column reads as; `nil` means NULL is not accepted.
    static var postgresNull: Self? { get }
}

extension PostgresDecodable {
    public static var postgresNull: Self? { nil }
}

/// A column's text could not be read as the requested type; the text itself is not kept.
public struct PostgresDecodingFailure: Error, Sendable {
    /// The Swift type that was asked for.
    public let expected: String

    public init(expected: Any.Type) { self.expected = String(describing: expected) }
}

/// A value that is both bound and read.
public typealias PostgresCodable = PostgresEncodable & PostgresDecodable

// MARK: - NULL

extension Optional: PostgresEncodable where Wrapped: PostgresEncodable {
    public static var postgresType: PostgresType { Wrapped.postgresType }
    public var postgresText: String? { flatMap(\.postgresText) }
}

extension Optional: PostgresDecodable where Wrapped: PostgresDecodable {
    public init(postgresText: String) throws(PostgresDecodingFailure) {
        self = .some(try Wrapped(postgresText: postgresText))
    }
    public static var postgresNull: Self? { .some(.none) }
}

// MARK: - Scalars

extension String: PostgresCodable {
    public static var postgresType: PostgresType { .text }
    public var postgresText: String? { self }
    public init(postgresText: String) { self = postgresText }
}

extension Int: PostgresCodable {
    public static var postgresType: PostgresType { .int8 }
    public var postgresText: String? { String(self) }
    public init(postgresText: String) throws(PostgresDecodingFailure) {
        guard let value = Int(postgresText) else { throw .init(expected: Int.self) }
        self = value
    }
}

extension Int32: PostgresCodable {
    public static var postgresType: PostgresType { .int4 }
    public var postgresText: String? { String(self) }
    public init(postgresText: String) throws(PostgresDecodingFailure) {
        guard let value = Int32(postgresText) else { throw .init(expected: Int32.self) }
        self = value
    }
}

extension Double: PostgresCodable {
    public static var postgresType: PostgresType { .float8 }
    public var postgresText: String? { String(self) }
    public init(postgresText: String) throws(PostgresDecodingFailure) {
        guard let value = Double(postgresText) else { throw .init(expected: Double.self) }
        self = value
    }
}

extension Bool: PostgresCodable {
    public static var postgresType: PostgresType { .bool }
    public var postgresText: String? { self ? "true" : "false" }
    public init(postgresText: String) throws(PostgresDecodingFailure) {
        switch postgresText {
        case "t", "true": self = true
        case "f", "false": self = false
        default: throw .init(expected: Bool.self)
        }
    }
}

extension Decimal: PostgresCodable {
    public static var postgresType: PostgresType { .numeric }
    public var postgresText: String? { description }
    public init(postgresText: String) throws(PostgresDecodingFailure) {
        guard let value = Decimal(string: postgresText, locale: Locale(identifier: "en_US_POSIX")),
            !value.isNaN
        else { throw .init(expected: Decimal.self) }
        self = value
    }
}

extension UUID: PostgresCodable {
    public static var postgresType: PostgresType { .uuid }
    public var postgresText: String? { uuidString.lowercased() }
    public init(postgresText: String) throws(PostgresDecodingFailure) {
        guard let value = UUID(uuidString: postgresText) else { throw .init(expected: UUID.self) }
        self = value
    }
}

extension Date: PostgresCodable {
    public static var postgresType: PostgresType { .timestamptz }
    public var postgresText: String? { PostgresTimestamp.format(self) }
    public init(postgresText: String) throws(PostgresDecodingFailure) {
        guard let value = PostgresTimestamp.parse(postgresText) else { throw .init(expected: Date.self) }
        self = value
    }
}

// MARK: - Bytes, arrays, JSON

extension Data: PostgresCodable {
    public static var postgresType: PostgresType { .bytea }
    public var postgresText: String? {
        let digits = Array("0123456789abcdef".utf8)
        var hex = [UInt8](); hex.reserveCapacity(2 + count * 2)
        hex.append(contentsOf: Array(#"\x"#.utf8))
        for byte in self {
            hex.append(digits[Int(byte >> 4)])
            hex.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: hex, as: UTF8.self)
    }
    public init(postgresText: String) throws(PostgresDecodingFailure) {
        let utf8 = Array(postgresText.utf8)
        guard utf8.count >= 2, utf8[0] == UInt8(ascii: "\\"), utf8[1] == UInt8(ascii: "x"),
            utf8.count % 2 == 0
        else { throw .init(expected: Data.self) }
        func nibble(_ c: UInt8) -> UInt8? {
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
            default: nil
            }
        }
        var bytes = [UInt8](); bytes.reserveCapacity((utf8.count - 2) / 2)
        var index = 2
        while index < utf8.count {
            guard let high = nibble(utf8[index]), let low = nibble(utf8[index + 1]) else {
                throw .init(expected: Data.self)
            }
            bytes.append(high << 4 | low)
            index += 2
        }
        self = Data(bytes)
    }
}

/// A value that is one element of a `text[]` column: text, or a vocabulary stored as its text.
public protocol PostgresTextElement: Sendable {
    /// The element's text.
    var postgresElementText: String { get }
    /// Reads an element; `nil` when the text is not a value of the type.
    init?(postgresElementText: String)
}

extension String: PostgresTextElement {
    public var postgresElementText: String { self }
    public init(postgresElementText: String) { self = postgresElementText }
}

extension Array: PostgresEncodable where Element: PostgresTextElement {
    public static var postgresType: PostgresType { .textArray }
    public var postgresText: String? { PostgresArrayText.format(map(\.postgresElementText)) }
}

extension Array: PostgresDecodable where Element: PostgresTextElement {
    public init(postgresText: String) throws(PostgresDecodingFailure) {
        guard let elements = PostgresArrayText.parse(postgresText) else { throw .init(expected: [Element].self) }
        var values: [Element] = []
        values.reserveCapacity(elements.count)
        for element in elements {
            guard let value = Element(postgresElementText: element) else { throw .init(expected: [Element].self) }
            values.append(value)
        }
        self = values
    }
}

/// A `jsonb` column holding a `Codable` value.
public struct PostgresJSON<Value: Codable & Sendable>: PostgresCodable {
    /// The decoded value.
    public let value: Value
    /// The JSON text bound or read.
    public let postgresText: String?

    /// Encodes `value`; throws only for values JSON cannot hold (non-finite floats).
    public init(_ value: Value) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        self.value = value
        self.postgresText = String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    public static var postgresType: PostgresType { .jsonb }

    public init(postgresText: String) throws(PostgresDecodingFailure) {
        do {
            value = try JSONDecoder().decode(Value.self, from: Data(postgresText.utf8))
        } catch {
            throw .init(expected: Value.self)
        }
        self.postgresText = postgresText
    }
}
