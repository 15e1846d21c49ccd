import Hummingbird
import HummingbirdCore

/// `?limit=` (default 50, at most 200) and `?cursor=` of every list (CONTRACT.md §3).
public struct PageRequest: Sendable, Equatable {
    public let limit: Int
    /// Opaque to clients; here the last id of the previous page.
    public let cursor: Int?

    /// Reads the query; a limit out of range or a malformed cursor is a 422 naming the field.
    public init(query: URI) throws {
        let parameters = query.queryParameters
        var errors: [Problem.FieldError] = []
        var limit = 50
        if let text = parameters["limit"] {
            if let number = Int(String(text)), (1...200).contains(number) {
                limit = number
            } else {
                errors.append(.init(field: "limit", message: "must be a whole number from 1 to 200"))
            }
        }
        var cursor: Int?
        if let text = parameters["cursor"] {
            if let number = Int(String(text)), number > 0 {
                cursor = number
            } else {
                errors.append(.init(field: "cursor", message: "is not a cursor this list gave out"))
            }
        }
        guard errors.isEmpty else { throw Problem.validation(errors) }
        self.limit = limit
        self.cursor = cursor
    }
}

/// One page of a list: `{"items": [...], "nextCursor": ...}`.
public struct Page<Item: Encodable & Sendable>: ResponseEncodable, Sendable {
    public let items: [Item]
    /// Pass as `?cursor=` for the next page; absent on the last one.
    public let nextCursor: String?

    public init(items: [Item], nextCursor: String?) {
        self.items = items
        self.nextCursor = nextCursor
    }
}
