import Contracts
import Foundation
import Hummingbird

extension Request {
    /// Decodes the JSON body as `T`, turning every decoding failure into a 400 problem that
    /// names the field; a body over 1 MiB is a 413.
    public func decodeJSON<T: Decodable>(as type: T.Type, context: JardamRequestContext) async throws -> T {
        try await decodeJSONBody(as: type, context: context).value
    }

    /// Like ``decodeJSON(as:context:)``, with the body's bytes as received (for
    /// ``IdempotentCreation``, which compares retries by them).
    public func decodeJSONBody<T: Decodable>(as type: T.Type, context: JardamRequestContext) async throws -> (value: T, bytes: Data) {
        let body = try await self.body.collect(upTo: context.maxUploadSize)
        let containsNUL = try JSONLimits.check(body.readableBytesView)
        do {
            let bytes = Data(buffer: body)
            if containsNUL {
                let paths = JSONLimits.pathsWithNUL(in: try Wire.decode(JSONValue.self, from: bytes, vocabulary: .closed))
                if !paths.isEmpty { throw Problem.validation(paths.map { .init(field: $0, message: "must not contain the NUL character") }) }
            }
            return (try Wire.decode(T.self, from: bytes, vocabulary: .closed), bytes)
        } catch let error as DecodingError {
            throw Self.problem(for: error)
        }
    }

    /// The field path and a message for a decoding failure; the offending value is not quoted.
    static func problem(for error: DecodingError) -> Problem {
        func path(_ codingPath: [any CodingKey], _ last: (any CodingKey)? = nil) -> String {
            let keys = codingPath + (last.map { [$0] } ?? [])
            return keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
                .joined(separator: ".").replacingOccurrences(of: ".[", with: "[")
        }
        switch error {
        case .keyNotFound(let key, let context):
            return .malformed("a required field is missing", errors: [.init(field: path(context.codingPath, key), message: "is required")])
        case .valueNotFound(_, let context):
            return .malformed("a required value is null", errors: [.init(field: path(context.codingPath), message: "must not be null")])
        case .typeMismatch(let expected, let context):
            return .malformed(
                "a field has the wrong type", errors: [.init(field: path(context.codingPath), message: "expected \(Self.jsonName(of: expected))")])
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            return .malformed("the body is not valid JSON")
        case .dataCorrupted(let context):
            return .malformed("a field has an invalid value", errors: [.init(field: path(context.codingPath), message: context.debugDescription)])
        @unknown default:
            return .malformed("the body could not be read")
        }
    }

    private static func jsonName(of type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Bool.Type: "a boolean"
        case is Int.Type, is Int32.Type, is Int64.Type, is Double.Type: "a number"
        case is [Any].Type: "an array"
        default: "an object"
        }
    }
}
