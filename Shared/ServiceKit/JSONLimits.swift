/// Limits on a JSON body's shape, checked before decoding so that a hostile body costs little.
enum JSONLimits {
    /// Deepest nesting of arrays and objects.
    static let maxDepth = 32
    /// Longest string, in bytes of UTF-8.
    static let maxStringBytes = 16_384

    /// Scans the bytes once; a body over a limit is a 400 problem. Malformed JSON is left to the decoder.
    static func check(_ bytes: some Collection<UInt8>) throws {
        var depth = 0
        var inString = false
        var escaped = false
        var stringBytes = 0
        for byte in bytes {
            if inString {
                stringBytes += 1
                if escaped {
                    escaped = false
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
    }
}
