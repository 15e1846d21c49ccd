import Foundation

/// The one JSON form of everything Jardam sends: envelopes, event `data` and HTTP bodies
/// (CONTRACT.md §3, §5).
///
/// Dates are `YYYY-MM-DD` (``CalendarDate``), instants RFC 3339 in UTC with milliseconds
/// (``RFC3339``), UUIDs lowercase, keys sorted, `/` unescaped. Reading accepts UUIDs in any
/// case and instants with any fraction and offset.
public enum Wire {
    /// What a reader does with a vocabulary value it does not know (``Vocabulary``).
    public enum VocabularyReading: Sendable {
        /// Carried as it came: events, whose newer producers may add values.
        case open
        /// Refused, naming the known values: staff input, which must use today's lists.
        case closed
    }

    /// `value` as JSON bytes.
    public static func encode(_ value: some Encodable) throws -> Data {
        var bytes = try encoder.encode(value)
        lowercaseUUIDStrings(in: &bytes)
        return bytes
    }

    /// Reads `type` from JSON bytes; unknown vocabulary values are carried unless `vocabulary` is
    /// ``VocabularyReading/closed``.
    public static func decode<T: Decodable>(_ type: T.Type, from bytes: Data, vocabulary: VocabularyReading = .open) throws -> T {
        switch vocabulary {
        case .open: try openDecoder.decode(type, from: bytes)
        case .closed: try closedDecoder.decode(type, from: bytes)
        }
    }

    static let vocabularyKey = CodingUserInfoKey(rawValue: "jardam.vocabulary")!

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(RFC3339.string(from: date))
        }
        return encoder
    }()

    private static func decoder(_ vocabulary: VocabularyReading) -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.userInfo[vocabularyKey] = vocabulary
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            guard let date = RFC3339.date(from: try container.decode(String.self)) else {
                throw DecodingError.dataCorruptedError(
                    in: container, debugDescription: "expected a time as RFC 3339, such as 2026-11-23T10:00:00Z")
            }
            return date
        }
        return decoder
    }

    private static let openDecoder = decoder(.open)
    private static let closedDecoder = decoder(.closed)

    /// Lower-cases the hex digits of every JSON string that is exactly a UUID.
    ///
    /// `JSONEncoder` writes `UUID` as `uuidString`, in upper case, and has no strategy to change
    /// that; the wire form is lower case (RFC 9562), so the encoded bytes are mended in one pass.
    /// The bytes are the encoder's own output, so every `"` outside a string opens one.
    static func lowercaseUUIDStrings(in bytes: inout Data) {
        bytes.withUnsafeMutableBytes { (buffer: UnsafeMutableRawBufferPointer) in
            let quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\")
            var index = 0
            while index < buffer.count {
                guard buffer[index] == quote else {
                    index += 1
                    continue
                }
                let start = index + 1
                var end = start
                while end < buffer.count, buffer[end] != quote { end += buffer[end] == backslash ? 2 : 1 }
                if end - start == 36, isUUID(buffer, from: start) {
                    for position in start..<end where (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(buffer[position]) {
                        buffer[position] += 0x20
                    }
                }
                index = end + 1
            }
        }
    }

    private static func isUUID(_ buffer: UnsafeMutableRawBufferPointer, from start: Int) -> Bool {
        for offset in 0..<36 {
            let byte = buffer[start + offset]
            if offset == 8 || offset == 13 || offset == 18 || offset == 23 {
                guard byte == UInt8(ascii: "-") else { return false }
            } else {
                guard (0x30...0x39).contains(byte) || (0x41...0x46).contains(byte) || (0x61...0x66).contains(byte) else { return false }
            }
        }
        return true
    }
}
