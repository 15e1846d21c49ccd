/// The rows a statement returned, copied out of libpq's result, with the count it affected.
public struct PostgresRows: Sendable, RandomAccessCollection {
    /// The rows, in the order the server sent them.
    public let rows: [PostgresRow]
    /// Rows inserted, updated or deleted (`PQcmdTuples`), 0 for other statements.
    public let affectedRows: Int

    public init(rows: [PostgresRow], affectedRows: Int) {
        self.rows = rows
        self.affectedRows = affectedRows
    }

    public var startIndex: Int { rows.startIndex }
    public var endIndex: Int { rows.endIndex }
    public subscript(position: Int) -> PostgresRow { rows[position] }
}

/// The column names of one result, shared by all of its rows.
final class PostgresColumns: Sendable {
    let names: [String]
    let positions: [String: Int]

    init(names: [String]) {
        self.names = names
        var positions: [String: Int] = [:]
        for (position, name) in names.enumerated() where positions[name] == nil {
            positions[name] = position
        }
        self.positions = positions
    }
}

/// One row, read column by column into typed values.
public struct PostgresRow: Sendable {
    let columns: PostgresColumns
    let values: [String?]

    /// Reads column `name` as `T`; NULL is accepted only when `T` is optional.
    public func decode<T: PostgresDecodable>(_ name: String, as type: T.Type = T.self) throws -> T {
        guard let position = columns.positions[name] else {
            throw PostgresError(.decodingFailed, detail: "no column named \(name)")
        }
        return try decode(position, as: type)
    }

    /// Reads the column at `position` (0-based) as `T`; NULL is accepted only when `T` is optional.
    public func decode<T: PostgresDecodable>(_ position: Int, as type: T.Type = T.self) throws -> T {
        guard values.indices.contains(position) else {
            throw PostgresError(.decodingFailed, detail: "no column at position \(position)")
        }
        let name = columns.names[position]
        guard let text = values[position] else {
            guard let null = T.postgresNull else {
                throw PostgresError(.unexpectedNull, detail: "column \(name) is NULL")
            }
            return null
        }
        do {
            return try T(postgresText: text)
        } catch {
            throw PostgresError(.decodingFailed, detail: "column \(name) is not a valid \(error.expected)")
        }
    }
}
