import LogSafety

/// A failure of the PostgreSQL layer that says what failed without echoing parameter values.
///
/// `description` carries the operation, the SQLSTATE and schema names (constraint, table,
/// column) only: server messages that may quote a value (`invalid input syntax for type uuid:
/// "..."`) are never kept, so the error can be logged or counted safely.
public struct PostgresError: Error, CustomStringConvertible, Sendable, LogSafeError {
    /// What kind of failure this is.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        let name: String
        public var description: String { name }

        /// No connection could be opened (server down, refused, bad credentials).
        public static let connectionFailed = Code(name: "connectionFailed")
        /// The connection broke while a statement was sent or read.
        public static let connectionLost = Code(name: "connectionLost")
        /// The server refused the statement; see ``PostgresError/sqlState``.
        public static let statementFailed = Code(name: "statementFailed")
        /// A column held NULL where the caller asked for a value.
        public static let unexpectedNull = Code(name: "unexpectedNull")
        /// A column's text could not be read as the asked type.
        public static let decodingFailed = Code(name: "decodingFailed")
        /// No connection became free within the pool's acquire timeout.
        public static let poolTimeout = Code(name: "poolTimeout")
        /// The pool has been shut down.
        public static let poolClosed = Code(name: "poolClosed")
        /// A migration file is missing, misnamed or duplicated.
        public static let invalidMigration = Code(name: "invalidMigration")
    }

    public let code: Code
    /// The five-character SQLSTATE the server reported, when it did.
    public let sqlState: String?
    /// The constraint the statement broke, when the server named one.
    public let constraint: String?
    /// What was being done, in words free of personal data.
    public let detail: String

    public init(_ code: Code, sqlState: String? = nil, constraint: String? = nil, detail: String) {
        self.code = code
        self.sqlState = sqlState
        self.constraint = constraint
        self.detail = detail
    }

    public var description: String {
        var text = "PostgreSQL \(code): \(detail)"
        if let sqlState { text += " (SQLSTATE \(sqlState))" }
        if let constraint { text += " [constraint \(constraint)]" }
        return text
    }

    /// A serialization failure or a deadlock: running the whole transaction again may succeed.
    public var isTransactionConflict: Bool { sqlState == "40001" || sqlState == "40P01" }

    /// A unique or exclusion constraint refused a duplicate.
    public var isUniqueViolation: Bool { sqlState == "23505" || sqlState == "23P01" }

    /// The connection itself is unusable: the server is down, restarting or unreachable, or it is a
    /// standby now (25006, read-only: a failover made another server the primary).
    public var isConnectionProblem: Bool {
        code == .connectionFailed || code == .connectionLost || (sqlState?.hasPrefix("08") ?? false)
            || sqlState == "57P01" || sqlState == "57P02" || sqlState == "57P03" || sqlState == "25006"
    }
}
