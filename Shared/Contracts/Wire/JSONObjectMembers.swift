import Foundation

/// The members of a JSON object, as byte ranges of the text: how an envelope's `data` is kept
/// as the bytes it came in without parsing it into a tree.
///
/// Only the structure is checked (strings, nesting, separators); the values are left to the
/// decoder of whoever reads them. Nesting is counted, not recursed into, so no depth stops it.
struct JSONObjectMembers {
    struct Member {
        /// The key's text between its quotes, still escaped.
        let key: Range<Int>
        /// Whether the key has an escape, and so must be decoded to be compared.
        let keyIsEscaped: Bool
        let value: Range<Int>
    }

    enum Failure: Error {
        case notJSON
        case notAnObject
    }

    let members: [Member]

    init(_ bytes: [UInt8]) throws(Failure) {
        var index = 0
        func skipWhitespace() {
            while index < bytes.count, Self.isWhitespace(bytes[index]) { index += 1 }
        }
        /// Moves past the string starting at `index`; returns whether it had an escape.
        func skipString() throws(Failure) -> Bool {
            var escaped = false
            index += 1
            while index < bytes.count {
                switch bytes[index] {
                case UInt8(ascii: "\""):
                    index += 1
                    return escaped
                case UInt8(ascii: "\\"):
                    escaped = true
                    index += 2
                case ..<0x20:
                    throw .notJSON
                default:
                    index += 1
                }
            }
            throw .notJSON
        }
        func skipValue() throws(Failure) {
            guard index < bytes.count else { throw .notJSON }
            switch bytes[index] {
            case UInt8(ascii: "\""):
                _ = try skipString()
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                var open: [UInt8] = []
                repeat {
                    switch bytes[index] {
                    case UInt8(ascii: "\""):
                        _ = try skipString()
                        continue
                    case UInt8(ascii: "{"): open.append(UInt8(ascii: "}"))
                    case UInt8(ascii: "["): open.append(UInt8(ascii: "]"))
                    case UInt8(ascii: "}"), UInt8(ascii: "]"):
                        guard open.popLast() == bytes[index] else { throw .notJSON }
                    default: break
                    }
                    index += 1
                } while !open.isEmpty && index < bytes.count
                guard open.isEmpty else { throw .notJSON }
            default:
                let start = index
                while index < bytes.count, !Self.isWhitespace(bytes[index]),
                    ![UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]")].contains(bytes[index])
                { index += 1 }
                guard index > start else { throw .notJSON }
            }
        }

        skipWhitespace()
        guard index < bytes.count else { throw .notJSON }
        guard bytes[index] == UInt8(ascii: "{") else {
            do { try skipValue() } catch { throw .notJSON }
            throw .notAnObject
        }
        index += 1
        var members: [Member] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
        } else {
            while true {
                skipWhitespace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw .notJSON }
                let keyStart = index + 1
                let keyIsEscaped = try skipString()
                let key = keyStart..<(index - 1)
                skipWhitespace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw .notJSON }
                index += 1
                skipWhitespace()
                let valueStart = index
                try skipValue()
                members.append(Member(key: key, keyIsEscaped: keyIsEscaped, value: valueStart..<index))
                skipWhitespace()
                guard index < bytes.count else { throw .notJSON }
                if bytes[index] == UInt8(ascii: ",") {
                    index += 1
                } else if bytes[index] == UInt8(ascii: "}") {
                    index += 1
                    break
                } else {
                    throw .notJSON
                }
            }
        }
        skipWhitespace()
        guard index == bytes.count else { throw .notJSON }
        self.members = members
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }
}
