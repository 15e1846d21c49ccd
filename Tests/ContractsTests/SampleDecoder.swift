import Contracts
import Foundation

/// A value of any `Decodable` type with every field filled, optional ones too: what a test
/// encodes to see each field on the wire. Leaves get plausible values (a fresh UUID, now, the
/// first known value of a vocabulary); every array has one element.
enum SampleDecoder {
    static func sample<T: Decodable>(of type: T.Type) throws -> T {
        try leaf(of: type) ?? T(from: Decoding())
    }

    /// Text fields whose documented pattern "sample" does not fit, by key.
    static let textByKey: [String: String] = ["week": "2026-W48", "suite": "DHKEM(X25519,HKDF-SHA256)/HKDF-SHA256/AES-256-GCM"]

    private static func leaf<T>(of type: T.Type) -> T? {
        switch type {
        case is String.Type: return "sample" as? T
        case is UUID.Type: return UUID() as? T
        case is Data.Type: return Data(repeating: 7, count: 32) as? T
        case is Date.Type: return Date() as? T
        case is CalendarDate.Type: return CalendarDate(year: 2026, month: 11, day: 23) as? T
        case is Money.Type: return Money(amount: Decimal(string: "15000.5")!, currency: "RUB") as? T
        case is Int.Type: return 1 as? T
        case is Double.Type: return 0.75 as? T
        case is Bool.Type: return true as? T
        case let vocabulary as any Vocabulary.Type: return vocabulary.known.first as? T
        default: return nil
        }
    }

    private struct Decoding: Decoder {
        var codingPath: [any CodingKey] = []
        var userInfo: [CodingUserInfoKey: Any] = [:]
        func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> { KeyedDecodingContainer(Keyed<Key>()) }
        func unkeyedContainer() throws -> any UnkeyedDecodingContainer { OneElement() }
        func singleValueContainer() throws -> any SingleValueDecodingContainer {
            throw DecodingError.typeMismatch(Any.self, .init(codingPath: codingPath, debugDescription: "no sample for a single value here"))
        }
    }

    private struct Keyed<Key: CodingKey>: KeyedDecodingContainerProtocol {
        var codingPath: [any CodingKey] = []
        var allKeys: [Key] { [] }
        func contains(_ key: Key) -> Bool { true }
        func decodeNil(forKey key: Key) throws -> Bool { false }
        func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
            if let text = SampleDecoder.textByKey[key.stringValue] as? T { return text }
            return try SampleDecoder.sample(of: type)
        }
        func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
            KeyedDecodingContainer(Keyed<NestedKey>())
        }
        func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer { OneElement() }
        func superDecoder() throws -> any Decoder { Decoding() }
        func superDecoder(forKey key: Key) throws -> any Decoder { Decoding() }
    }

    private struct OneElement: UnkeyedDecodingContainer {
        var codingPath: [any CodingKey] = []
        var count: Int? { 1 }
        var currentIndex = 0
        var isAtEnd: Bool { currentIndex == 1 }
        mutating func decodeNil() throws -> Bool { false }
        mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
            currentIndex += 1
            return try SampleDecoder.sample(of: type)
        }
        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
            currentIndex += 1
            return KeyedDecodingContainer(Keyed<NestedKey>())
        }
        mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
            currentIndex += 1
            return OneElement()
        }
        mutating func superDecoder() throws -> any Decoder { Decoding() }
    }
}
