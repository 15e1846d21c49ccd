import Contracts

/// Limits on a JSON body's shape, checked before decoding so that a hostile body costs little.
enum JSONLimits {
    /// Deepest nesting of arrays and objects.
    static let maxDepth = 32
    /// Longest string, in bytes of UTF-8.
    static let maxStringBytes = 16_384

    /// Scans the bytes once; a body over a limit is a 400 problem. Malformed JSON is left to the
    /// decoder. Returns whether a string holds the NUL character (`\u0000`), which no text
    /// field may (PostgreSQL's text cannot store it).
    @discardableResult
    static func check(_ bytes: some Collection<UInt8>) throws -> Bool {
        var depth = 0
        var inString = false
        var escaped = false
        var stringBytes = 0
        var containsNUL = false
        // The hex digits of a `\uXXXX` escape still to read, and their value so far.
        var hexLeft = 0
        var hexValue = 0
        for byte in bytes {
            if inString {
                stringBytes += 1
                if hexLeft > 0 {
                    hexLeft -= 1
                    hexValue = hexValue * 16 + (Self.hexDigit(byte) ?? 16)
                    if hexLeft == 0 && hexValue == 0 { containsNUL = true }
                } else if escaped {
                    escaped = false
                    if byte == UInt8(ascii: "u") { (hexLeft, hexValue) = (4, 0) }
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
                if stringBytes > maxStringBytes {
                    throw Problem.malformed("a string is longer than \(maxStringBytes) bytes")
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""):
                inString = true
                stringBytes = 0
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
                if depth > maxDepth { throw Problem.malformed("the body is nested deeper than \(maxDepth) levels") }
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
            default:
                break
            }
        }
        return containsNUL
    }

    private static func hexDigit(_ byte: UInt8) -> Int? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): Int(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): Int(byte - UInt8(ascii: "a")) + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): Int(byte - UInt8(ascii: "A")) + 10
        default: nil
        }
    }

    /// The JSON paths (`regions[0]`, `document.number`) of the strings of `json` that hold NUL,
    /// keys included.
    static func pathsWithNUL(in json: JSONValue, at path: String = "") -> [String] {
        switch json {
        case .string(let text): text.contains("\u{0}") ? [path.isEmpty ? "body" : path] : []
        case .array(let items): items.enumerated().flatMap { pathsWithNUL(in: $1, at: "\(path)[\($0)]") }
        case .object(let members):
            members.sorted { $0.key < $1.key }.flatMap { key, value in
                let child = path.isEmpty ? key : "\(path).\(key)"
                return key.contains("\u{0}") ? [path.isEmpty ? "body" : path] : pathsWithNUL(in: value, at: child)
            }
        case .null, .bool, .number: []
        }
    }
}
