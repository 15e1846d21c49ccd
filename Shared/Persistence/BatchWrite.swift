/// An `INSERT` or `UPDATE` whose rows a transaction gathers and sends as one statement
/// (``PostgresConnection/write(_:_:)``): every column is bound as an array and the rows are read
/// back with `unnest`, so ten rows cost one statement and one plan, as one row does.
///
/// Only for rows nothing in the transaction reads back before they are sent: the connection
/// sends the gathered rows before any statement that names the table, deletes or is not a plain
/// query, and together with the `COMMIT`.
public struct BatchWrite: Hashable, Sendable {
    /// The schema (quoted when the statement is written) and the table.
    public let schema: String
    public let table: String
    /// Column names and their SQL types (`uuid`, `text`, `timestamptz`, `jsonb` …): scalar types
    /// only, since an array of arrays cannot be unnested row by row (an array column travels as
    /// its text and is cast back in ``Form/update(set:)``).
    public let columns: [Column]
    /// What the rows do.
    public let form: Form
    /// A channel to notify at commit when rows were written (the outbox relay's wake-up).
    public let notify: String?

    /// One column of the rows.
    public struct Column: Hashable, Sendable {
        public let name: String
        public let type: String
        public init(_ name: String, _ type: String) { self.name = name; self.type = type }
    }

    /// How the rows reach the table.
    public enum Form: Hashable, Sendable {
        /// Inserted, then `conflict` (such as `ON CONFLICT (event_id) DO NOTHING`).
        case insert(conflict: String = "")
        /// The table's row whose first column equals the row's first column is updated by `set`,
        /// which reads the row as `u` and the table's row as `t`
        /// (`status = u.status, registered_at = coalesce(t.registered_at, u.at)`); a later row
        /// for the same key replaces an earlier one of the transaction.
        case update(set: String)
    }

    public init(schema: String, table: String, columns: [Column], form: Form = .insert(), notify: String? = nil) {
        self.schema = schema; self.table = table; self.columns = columns; self.form = form; self.notify = notify
    }

    /// The statement for any number of rows: `$1` … one array per column, then the channel.
    var sql: String {
        let names = columns.map(\.name).joined(separator: ", ")
        let arrays = columns.enumerated().map { "$\($0.offset + 1)::\($0.element.type)[]" }.joined(separator: ", ")
        let write =
            switch form {
            case .insert(let conflict):
                "INSERT INTO \"\(schema)\".\(table) (\(names)) SELECT * FROM unnest(\(arrays)) \(conflict)"
            case .update(let set):
                "UPDATE \"\(schema)\".\(table) AS t SET \(set) FROM unnest(\(arrays)) AS u(\(names)) WHERE t.\(columns[0].name) = u.\(columns[0].name)"
            }
        guard notify != nil else { return write }
        return "WITH written AS (\(write) RETURNING 1) SELECT pg_notify($\(columns.count + 1), '') FROM written LIMIT 1"
    }

    /// The statement's parameters for `rows` (each as many text values as there are columns).
    func parameters(_ rows: [[String?]]) -> [String?] {
        let arrays = columns.indices.map { column in PostgresArrayText.format(rows.map { $0[column] }) }
        return notify.map { arrays + [$0] } ?? arrays
    }

    /// `rows` with `row` added: for an update, in place of an earlier row for the same key.
    func adding(_ row: [String?], to rows: [[String?]]) -> [[String?]] {
        var rows = rows
        if case .update = form, let earlier = rows.firstIndex(where: { $0[0] == row[0] }) {
            rows[earlier] = row
        } else {
            rows.append(row)
        }
        return rows
    }

    /// Whether `sql` may read or change what the gathered rows would be part of: it names the
    /// table (looked for in the bytes: this runs for every statement while rows are gathered).
    func isTouched(by sql: String) -> Bool {
        sql.utf8.firstRange(of: table.utf8) != nil
    }
}
