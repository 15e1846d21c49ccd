/// An `INSERT` whose rows a transaction gathers and sends as one statement
/// (``PostgresConnection/insertLater(_:_:)``): every column is bound as an array and the rows are
/// read back with `unnest`, so ten rows cost one statement and one plan, as one row does.
///
/// Only for rows nothing in the transaction reads back before they are sent: the connection
/// sends the gathered rows before any statement that names the table, deletes or is not a plain
/// query, and together with the `COMMIT`.
public struct BatchInsert: Hashable, Sendable {
    /// The schema and the table, each quoted as an identifier when the statement is written.
    public let schema: String
    public let table: String
    /// Column names and their SQL types (`uuid`, `text`, `timestamptz`, `jsonb` …): scalar types
    /// only, since an array of arrays cannot be unnested row by row.
    public let columns: [Column]
    /// What follows the rows, such as `ON CONFLICT (event_id) DO NOTHING`.
    public let conflict: String
    /// A channel to notify at commit when rows were inserted (the outbox relay's wake-up).
    public let notify: String?

    /// One column of the insert.
    public struct Column: Hashable, Sendable {
        public let name: String
        public let type: String
        public init(_ name: String, _ type: String) { self.name = name; self.type = type }
    }

    public init(schema: String, table: String, columns: [Column], conflict: String = "", notify: String? = nil) {
        self.schema = schema; self.table = table; self.columns = columns; self.conflict = conflict; self.notify = notify
    }

    /// The statement for any number of rows: `$1` … one array per column, then the channel.
    var sql: String {
        let names = columns.map(\.name).joined(separator: ", ")
        let arrays = columns.enumerated().map { "$\($0.offset + 1)::\($0.element.type)[]" }.joined(separator: ", ")
        let insert = "INSERT INTO \"\(schema)\".\(table) (\(names)) SELECT * FROM unnest(\(arrays)) \(conflict)"
        guard notify != nil else { return insert }
        return "WITH inserted AS (\(insert) RETURNING 1) SELECT pg_notify($\(columns.count + 1), '') FROM inserted LIMIT 1"
    }

    /// The statement's parameters for `rows` (each as many text values as there are columns).
    func parameters(_ rows: [[String?]]) -> [String?] {
        let arrays = columns.indices.map { column in PostgresArrayText.format(rows.map { $0[column] }) }
        return notify.map { arrays + [$0] } ?? arrays
    }

    /// Whether `sql` may read or change what the gathered rows would be part of.
    func isTouched(by sql: String) -> Bool { sql.contains(table) }
}
