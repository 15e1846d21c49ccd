import Contracts
import Foundation

/// The top-level JSON keys a `Decodable` type reads, found by decoding it from a probe:
/// `decode` marks a key required, `decodeIfPresent` optional. Leaf values come from ``sample(of:)``;
/// nested structs are decoded from a probe of their own (their keys are not reported).
struct KeyProbe {
    struct Keys: Equatable, CustomStringConvertible {
        var required: Set<String> = []
        var optional: Set<String> = []
        /// The JSON Schema `format` of each key whose type has one (`uuid`, `date`, `date-time`).
        var formats: [String: String] = [:]
        var description: String { "required \(required.sorted()), optional \(optional.sorted()), formats \(formats.sorted { $0.key < $1.key })" }
    }

    static func keys<T: Decodable>(of type: T.Type) throws -> Keys {
        let recorder = Recorder()
        _ = try T(from: ProbeDecoder(recorder: recorder))
        return recorder.keys
    }

    final class Recorder {
        var keys = Keys()
    }

    /// A value for the leaf types events use; `nil` for anything to decode from a nested probe.
    /// The JSON Schema `format` the wire gives `type`, if any.
    static func format<T>(of type: T.Type) -> String? {
        switch type {
        case is UUID.Type: "uuid"
        case is Date.Type: "date-time"
        case is CalendarDate.Type: "date"
        default: nil
        }
    }

    static func sample<T>(of type: T.Type) -> T? {
        switch type {
        case is String.Type: return "" as? T
        case is UUID.Type: return UUID() as? T
        case is Date.Type: return Date() as? T
        case is CalendarDate.Type: return CalendarDate(year: 2026, month: 1, day: 1) as? T
        case is Money.Type: return Money(amount: 1, currency: "RUB") as? T
        case is Int.Type: return 0 as? T
        case is Double.Type: return 0.0 as? T
        case is Bool.Type: return false as? T
        case is Decimal.Type: return Decimal(0) as? T
        case let vocabulary as any Vocabulary.Type: return vocabulary.init(rawValue: "") as? T
        default: return nil
        }
    }

    struct ProbeDecoder: Decoder {
        let recorder: Recorder?
        var codingPath: [any CodingKey] = []
        var userInfo: [CodingUserInfoKey: Any] = [:]

        func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
            KeyedDecodingContainer(Keyed<Key>(recorder: recorder))
        }
        func unkeyedContainer() throws -> any UnkeyedDecodingContainer { Empty() }
        func singleValueContainer() throws -> any SingleValueDecodingContainer {
            throw DecodingError.typeMismatch(Any.self, .init(codingPath: codingPath, debugDescription: "the probe knows no single value here"))
        }
    }

    struct Keyed<Key: CodingKey>: KeyedDecodingContainerProtocol {
        let recorder: Recorder?
        var codingPath: [any CodingKey] = []
        var allKeys: [Key] { [] }

        func contains(_ key: Key) -> Bool { true }
        func decodeNil(forKey key: Key) throws -> Bool {
            recorder?.keys.optional.insert(key.stringValue)
            return true
        }
        func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
            recorder?.keys.required.insert(key.stringValue)
            recorder?.keys.formats[key.stringValue] = KeyProbe.format(of: type)
            return try KeyProbe.sample(of: type) ?? T(from: ProbeDecoder(recorder: nil))
        }
        func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
            recorder?.keys.optional.insert(key.stringValue)
            recorder?.keys.formats[key.stringValue] = KeyProbe.format(of: type)
            return nil
        }
        func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
            recorder?.keys.required.insert(key.stringValue)
            return KeyedDecodingContainer(Keyed<NestedKey>(recorder: nil))
        }
        func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
            recorder?.keys.required.insert(key.stringValue)
            return Empty()
        }
        func superDecoder() throws -> any Decoder { ProbeDecoder(recorder: nil) }
        func superDecoder(forKey key: Key) throws -> any Decoder { ProbeDecoder(recorder: nil) }
    }

    /// An empty array.
    struct Empty: UnkeyedDecodingContainer {
        var codingPath: [any CodingKey] = []
        var count: Int? { 0 }
        var isAtEnd: Bool { true }
        var currentIndex: Int { 0 }
        mutating func decodeNil() throws -> Bool { true }
        mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
            throw DecodingError.valueNotFound(type, .init(codingPath: codingPath, debugDescription: "empty"))
        }
        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
            KeyedDecodingContainer(Keyed<NestedKey>(recorder: nil))
        }
        mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer { Empty() }
        mutating func superDecoder() throws -> any Decoder { ProbeDecoder(recorder: nil) }
    }
}

/// The `components.schemas` of `docs/asyncapi.yaml`, read line by line (the file keeps one
/// layout: schema names at four spaces, `required: [...]`, property names at eight).
enum AsyncAPISchemas {
    static func parse(_ document: String) -> [String: KeyProbe.Keys] {
        guard let section = document.components(separatedBy: "\n  schemas:\n").last else { return [:] }
        var schemas: [String: (required: Set<String>, all: Set<String>, formats: [String: String])] = [:]
        var current: String?
        var property: String?
        var inProperties = false
        for line in section.split(separator: "\n", omittingEmptySubsequences: true) {
            let indent = line.prefix { $0 == " " }.count
            let text = line.trimmingCharacters(in: .whitespaces)
            if indent == 4, text.hasSuffix(":") {
                current = String(text.dropLast())
                schemas[current!] = ([], [], [:])
                inProperties = false
            } else if indent == 6, let name = current {
                inProperties = text == "properties:"
                if text.hasPrefix("required: [") {
                    schemas[name]!.required = Set(
                        text.dropFirst("required: [".count).dropLast().split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
                }
            } else if indent == 8, inProperties, let name = current, let colon = text.firstIndex(of: ":") {
                property = String(text[..<colon])
                schemas[name]!.all.insert(property!)
                if let format = text.firstRange(of: "format: ").map({ text[$0.upperBound...].prefix { $0.isLetter || $0 == "-" } }) {
                    schemas[name]!.formats[property!] = String(format)
                }
            } else if indent == 10, inProperties, let name = current, let property, text.hasPrefix("format: ") {
                schemas[name]!.formats[property] = String(text.dropFirst("format: ".count))
            }
        }
        return schemas.mapValues { KeyProbe.Keys(required: $0.required, optional: $0.all.subtracting($0.required), formats: $0.formats) }
    }
}
