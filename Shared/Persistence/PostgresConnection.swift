import CLibPQ
import Foundation

/// One libpq connection, owned by this object and used only from its own thread.
///
/// libpq blocks while it waits for the server, and a `PGconn` must never be used by two threads
/// at once, so every call runs on the connection's own thread (``ConnectionThread``), never on
/// Swift's cooperative pool. Use it through ``PostgresPool``, which hands a connection to one task
/// at a time and runs that task on the connection's thread meanwhile, so that its calls need no
/// switch between threads.
public final class PostgresConnection: @unchecked Sendable {
    private let thread: ConnectionThread
    /// The `PGconn*`; read and written only on `thread`.
    private var handle: OpaquePointer?
    /// Set on `thread` when the connection is found broken; read by the pool after a call.
    private let broken = LockedFlag()
    /// Names of the statements prepared on this connection, by SQL text and parameter types;
    /// used only on `thread`.
    private var prepared: [PreparedKey: String] = [:]
    /// Most statements kept prepared; past it the server's are deallocated and preparing starts over.
    static let preparedLimit = 512
    /// The `BEGIN` of a transaction whose first statement has not run yet: it is sent with that
    /// statement, in one round trip. Used only on `thread`.
    private var unsentBegin: String?
    /// Rows of ``BatchWrite``s gathered in the open transaction, in the order each was first used; used only on `thread`.
    private var gathered: [(batch: BatchWrite, rows: [[String?]])] = []
    /// What callers keep for the open transaction; emptied at `BEGIN`, `COMMIT` and `ROLLBACK`.
    public let transactionLocals = TransactionLocals()

    private init(thread: ConnectionThread) {
        self.thread = thread
    }

    /// The connection's thread, for a task to run on while it holds the connection.
    var executor: any TaskExecutor { thread }

    /// Whether the caller runs on the connection's thread (its calls then need no switch).
    var isOnItsThread: Bool { thread.isCurrent }

    /// Opens a connection from any libpq connection string or URI.
    ///
    /// The session is set to UTF-8, ISO dates and UTC so that text values read back the same
    /// whatever the server's defaults.
    public static func connect(_ conninfo: String) async throws -> PostgresConnection {
        let thread = ConnectionThread(name: "postgres")
        let connection = PostgresConnection(thread: thread)
        do {
            try await thread.run { try connection.openOnThread(conninfo) }
        } catch {
            await connection.close()
            throw error
        }
        return connection
    }

    /// Whether a call found the connection unusable; the pool then discards it.
    public var isBroken: Bool { broken.value }

    /// Runs one statement with bound parameters (text format) and returns its rows.
    ///
    /// Parameters are never spliced into the SQL: `$1`, `$2` … refer to `parameters` in order.
    /// A `SELECT`, `INSERT`, `UPDATE`, `DELETE` or `WITH` is prepared on first use and executed
    /// by name afterwards (`PQprepare`, `PQexecPrepared`), so the server parses and plans it once
    /// per connection; anything else runs with `PQexecParams`.
    ///
    /// In a transaction, a `BEGIN` waits for the first statement and goes with it, and the rows
    /// gathered by ``write(_:_:)`` go with the first statement that needs them sent (one
    /// that names their table, deletes, is not a plain query, or is the `COMMIT`): one pipeline,
    /// one round trip (`PQenterPipelineMode`, `PQpipelineSync`).
    @discardableResult
    public func query(_ sql: String, _ parameters: [any PostgresEncodable] = []) async throws -> PostgresRows {
        let types = parameters.map { type(of: $0).postgresType.oid }
        let values = parameters.map(\.postgresText)
        return try await thread.run { try self.runOnThread(Statement(sql: sql, types: types, values: values)) }
    }

    /// Adds a row to `batch` (an insert or an update), sent with a later statement of the same
    /// transaction as one statement with the other rows gathered for it (see ``BatchWrite``);
    /// outside a transaction the row is written at once. A failing row fails the statement it goes
    /// with, and so the transaction: nothing of it is kept.
    public func write(_ batch: BatchWrite, _ row: [any PostgresEncodable]) async throws {
        precondition(row.count == batch.columns.count, "a row of \(batch.table) needs \(batch.columns.count) values")
        let values = row.map(\.postgresText)
        try await thread.run {
            guard self.unsentBegin != nil || self.handle.map(PQtransactionStatus) == PQTRANS_INTRANS else {
                _ = try self.runOnThread(Self.statement(batch, rows: [values]))
                return
            }
            if let index = self.gathered.firstIndex(where: { $0.batch == batch }) {
                self.gathered[index].rows = batch.adding(values, to: self.gathered[index].rows)
            } else {
                self.gathered.append((batch, [values]))
            }
        }
    }

    /// Runs a trusted SQL script of several statements (`PQexec`), such as a migration file.
    ///
    /// Never pass text that came from a request: scripts cannot bind parameters.
    public func executeScript(_ sql: String) async throws {
        try await thread.run {
            if let pending = try self.pendingStatements(before: nil) { _ = try self.pipelineOnThread(pending) }
            try self.execScriptOnThread(sql)
        }
    }

    /// Reads whatever the server sent while the connection sat idle, without blocking.
    ///
    /// A server that was stopped or restarted sends a termination notice and closes the socket;
    /// the socket then stays readable until libpq has seen the end of the stream, so input is
    /// consumed until the socket is quiet (alive) or libpq marks the connection bad (dead).
    func isAlive() async -> Bool {
        (try? await thread.run { () -> Bool in
            guard let handle = self.handle else { return false }
            var socket = pollfd(fd: PQsocket(handle), events: Int16(POLLIN), revents: 0)
            for _ in 0..<16 {
                guard PQstatus(handle) == CONNECTION_OK, socket.fd >= 0 else { break }
                if poll(&socket, 1, 0) <= 0 { return true }
                if PQconsumeInput(handle) == 0 { break }
            }
            self.broken.set()
            return false
        }) ?? false
    }

    /// Waits up to `timeout` for a `NOTIFY` on a channel this connection `LISTEN`s to.
    ///
    /// Returns whether at least one notification arrived (all pending ones are consumed);
    /// throws when the connection broke.
    public func waitForNotification(timeout: Duration) async throws -> Bool {
        let milliseconds = Int32(clamping: timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000)
        return try await thread.run {
            guard let handle = self.handle else { throw PostgresError(.connectionLost, detail: "connection is closed") }
            func drain() -> Bool {
                var received = false
                while let notification = PQnotifies(handle) {
                    PQfreemem(notification)
                    received = true
                }
                return received
            }
            if drain() { return true }
            var socket = pollfd(fd: PQsocket(handle), events: Int16(POLLIN), revents: 0)
            guard socket.fd >= 0 else {
                self.broken.set()
                throw PostgresError(.connectionLost, detail: "connection has no socket")
            }
            guard poll(&socket, 1, milliseconds) > 0 else { return false }
            guard PQconsumeInput(handle) != 0, PQstatus(handle) == CONNECTION_OK else {
                self.broken.set()
                throw PostgresError(.connectionLost, detail: "the server closed the connection")
            }
            return drain()
        }
    }

    /// Closes the connection and stops its thread.
    public func close() async {
        _ = try? await thread.run {
            if let handle = self.handle { PQfinish(handle) }
            self.handle = nil
            self.broken.set()
        }
        thread.stop()
    }

    // MARK: - On the connection's thread

    private func openOnThread(_ conninfo: String) throws {
        guard let handle = PQconnectdb(conninfo) else {
            throw PostgresError(.connectionFailed, detail: "libpq could not allocate a connection")
        }
        self.handle = handle
        // libpq prints server notices to stderr by default; a notice may quote a value, so drop them.
        PQsetNoticeProcessor(handle, { _, _ in }, nil)
        guard PQstatus(handle) == CONNECTION_OK else {
            let reason = Self.firstLine(PQerrorMessage(handle))
            throw PostgresError(.connectionFailed, detail: reason)
        }
        try execScriptOnThread("SET client_encoding = 'UTF8'; SET DateStyle = 'ISO'; SET TimeZone = 'UTC'")
    }

    /// A statement with its parameters' types and text values.
    struct Statement {
        let sql: String
        let types: [UInt32]
        let values: [String?]
    }

    /// The statement that writes `rows` of `batch` (parameters typed by their casts).
    private static func statement(_ batch: BatchWrite, rows: [[String?]]) -> Statement {
        let values = batch.parameters(rows)
        return Statement(sql: batch.sql, types: Array(repeating: 0, count: values.count), values: values)
    }

    /// Runs `statement`, with the unsent `BEGIN` and the gathered rows it must not overtake.
    private func runOnThread(_ statement: Statement) throws -> PostgresRows {
        let command = Self.transactionCommand(statement.sql)
        if let command { command == .begin ? transactionLocals.open() : transactionLocals.close() }
        switch command {
        case .begin:
            guard unsentBegin == nil, gathered.isEmpty else { break }
            unsentBegin = statement.sql
            return PostgresRows(rows: [], affectedRows: 0)
        case .rollback:
            gathered.removeAll()
            if unsentBegin != nil {
                unsentBegin = nil
                return PostgresRows(rows: [], affectedRows: 0)
            }
        case .commit where unsentBegin != nil && gathered.isEmpty:
            unsentBegin = nil
            return PostgresRows(rows: [], affectedRows: 0)
        default: break
        }
        guard let pending = try pendingStatements(before: statement.sql) else {
            return try execOnThread(statement.sql, types: statement.types, values: statement.values)
        }
        return try pipelineOnThread(pending + [statement])[pending.count]
    }

    /// The unsent `BEGIN` and the gathered inserts that must go before `sql` (all of them before
    /// anything not given), or `nil` when none must; they count as sent from here on.
    private func pendingStatements(before sql: String?) throws -> [Statement]? {
        var pending: [Statement] = []
        if let begin = unsentBegin {
            pending.append(Statement(sql: begin, types: [], values: []))
            unsentBegin = nil
        }
        if !gathered.isEmpty, sql.map(mustFollowGathered) ?? true {
            pending += gathered.map { Self.statement($0.batch, rows: $0.rows) }
            gathered.removeAll()
        }
        return pending.isEmpty ? nil : pending
    }

    /// Whether `sql` may depend on the gathered rows being in their tables: it names one of them,
    /// deletes (a cascade may reach them), or is not a plain query (`COMMIT`, `SAVEPOINT` …).
    private func mustFollowGathered(_ sql: String) -> Bool {
        Self.head(of: sql).word.hasPrefix("DELETE") || !Self.isPreparable(sql) || gathered.contains { $0.batch.isTouched(by: sql) }
    }

    /// The transaction boundaries the connection treats apart.
    private enum TransactionCommand { case begin, commit, rollback }

    private static func transactionCommand(_ sql: String) -> TransactionCommand? {
        let (word, alone) = head(of: sql)
        switch word {
        case "BEGIN": return .begin
        case "COMMIT": return alone ? .commit : nil
        case "ROLLBACK": return alone ? .rollback : nil
        default: return nil
        }
    }

    /// The statement's first word in capitals (its first 16 bytes at most), and whether nothing
    /// but white space follows it; read from the bytes, as every statement is looked at this way.
    static func head(of sql: String) -> (word: String, alone: Bool) {
        let bytes = sql.utf8
        let isSpace = { (byte: UInt8) in byte == UInt8(ascii: " ") || (9...13).contains(byte) }
        guard let start = bytes.firstIndex(where: { !isSpace($0) }) else { return ("", true) }
        let end = bytes[start...].firstIndex(where: isSpace) ?? bytes.endIndex
        let word = String(decoding: bytes[start..<end].prefix(16), as: UTF8.self).uppercased()
        return (word, bytes[end...].allSatisfy(isSpace))
    }

    /// Sends `statements` in one pipeline and returns each one's rows; when one fails, the ones
    /// after it are skipped by the server and its error is thrown once all results are read.
    private func pipelineOnThread(_ statements: [Statement]) throws -> [PostgresRows] {
        guard let handle else { throw PostgresError(.connectionLost, detail: "connection is closed") }
        // PQprepare cannot run inside a pipeline: statements not prepared yet are prepared first
        // (and none of them may make room by deallocating the others).
        if prepared.count + statements.count >= Self.preparedLimit { try deallocateAll(handle: handle) }
        let names = try statements.map { Self.isPreparable($0.sql) ? try preparedName(of: $0.sql, types: $0.types, handle: handle) : nil }
        guard PQenterPipelineMode(handle) == 1 else {
            throw PostgresError(.statementFailed, detail: "could not enter pipeline mode")
        }
        var sent = 0
        for (statement, name) in zip(statements, names) {
            guard send(statement, prepared: name, handle: handle) else { break }
            sent += 1
        }
        guard PQpipelineSync(handle) == 1 else {
            broken.set()
            throw PostgresError(.connectionLost, detail: Self.firstLine(PQerrorMessage(handle)))
        }
        // Each statement's results end with a NULL; the sync point ends the pipeline.
        var results: [PostgresRows] = []
        var failure: (any Error)?
        var index = 0
        while true {
            guard let result = PQgetResult(handle) else {
                guard PQstatus(handle) == CONNECTION_OK, index <= sent else {
                    broken.set()
                    throw PostgresError(.connectionLost, detail: "the server closed the connection")
                }
                index += 1
                continue
            }
            defer { PQclear(result) }
            let status = PQresultStatus(result)
            if status == PGRES_PIPELINE_SYNC { break }
            guard failure == nil, status != PGRES_PIPELINE_ABORTED, results.count == index else { continue }
            do {
                try check(result, handle: handle)
                results.append(Self.copyRows(result))
            } catch {
                failure = error
            }
        }
        guard PQexitPipelineMode(handle) == 1 else {
            broken.set()
            throw PostgresError(.connectionLost, detail: "the pipeline did not end")
        }
        if let failure { throw failure }
        guard sent == statements.count, results.count == statements.count else {
            broken.set()
            throw PostgresError(.connectionLost, detail: Self.firstLine(PQerrorMessage(handle)))
        }
        return results
    }

    /// Queues one statement of a pipeline; `false` when libpq could not.
    private func send(_ statement: Statement, prepared name: String?, handle: OpaquePointer) -> Bool {
        let cValues: [UnsafeMutablePointer<CChar>?] = statement.values.map { $0.flatMap { strdup($0) } }
        defer { cValues.forEach { free($0) } }
        return statement.types.withUnsafeBufferPointer { typeBuffer in
            cValues.map { UnsafePointer($0) }.withUnsafeBufferPointer { valueBuffer in
                if let name {
                    PQsendQueryPrepared(handle, name, Int32(statement.values.count), valueBuffer.baseAddress, nil, nil, 0) == 1
                } else {
                    PQsendQueryParams(
                        handle, statement.sql, Int32(statement.values.count), typeBuffer.baseAddress, valueBuffer.baseAddress, nil, nil, 0)
                        == 1
                }
            }
        }
    }

    private func execOnThread(_ sql: String, types: [UInt32], values: [String?]) throws -> PostgresRows {
        guard let handle else { throw PostgresError(.connectionLost, detail: "connection is closed") }
        let cValues: [UnsafeMutablePointer<CChar>?] = values.map { $0.flatMap { strdup($0) } }
        defer { cValues.forEach { free($0) } }
        let name = Self.isPreparable(sql) ? try preparedName(of: sql, types: types, handle: handle) : nil
        let result = types.withUnsafeBufferPointer { typeBuffer in
            cValues.map { UnsafePointer($0) }.withUnsafeBufferPointer { valueBuffer in
                if let name {
                    PQexecPrepared(handle, name, Int32(values.count), valueBuffer.baseAddress, nil, nil, 0)
                } else {
                    PQexecParams(
                        handle, sql, Int32(values.count), typeBuffer.baseAddress, valueBuffer.baseAddress,
                        nil, nil, 0)
                }
            }
        }
        defer { PQclear(result) }
        try check(result, handle: handle)
        return Self.copyRows(result!)
    }

    /// Statements worth preparing: those the server plans (never utility commands such as
    /// `SAVEPOINT` or `LISTEN`).
    static func isPreparable(_ sql: String) -> Bool {
        let word = head(of: sql).word
        return ["SELECT", "INSERT", "UPDATE", "DELETE", "WITH"].contains { word.hasPrefix($0) }
    }

    /// What a prepared statement is: its text and the types of its parameters.
    private struct PreparedKey: Hashable {
        let sql: String
        let types: [UInt32]
    }

    /// The name `sql` with these parameter types is prepared under on this connection, preparing
    /// it on first use.
    private func preparedName(of sql: String, types: [UInt32], handle: OpaquePointer) throws -> String {
        let key = PreparedKey(sql: sql, types: types)
        if let name = prepared[key] { return name }
        if prepared.count >= Self.preparedLimit { try deallocateAll(handle: handle) }
        let name = "jardam_\(prepared.count)"
        let result = types.withUnsafeBufferPointer { PQprepare(handle, name, sql, Int32(types.count), $0.baseAddress) }
        defer { PQclear(result) }
        try check(result, handle: handle)
        prepared[key] = name
        return name
    }

    /// Forgets every prepared statement, on the server and here.
    private func deallocateAll(handle: OpaquePointer) throws {
        let result = PQexec(handle, "DEALLOCATE ALL")
        defer { PQclear(result) }
        try check(result, handle: handle)
        prepared.removeAll()
    }

    private func execScriptOnThread(_ sql: String) throws {
        guard let handle else { throw PostgresError(.connectionLost, detail: "connection is closed") }
        let result = PQexec(handle, sql)
        defer { PQclear(result) }
        try check(result, handle: handle)
    }

    /// Turns a failed result into a ``PostgresError``; marks the connection broken when it is.
    private func check(_ result: OpaquePointer?, handle: OpaquePointer) throws {
        let status = result.map(PQresultStatus) ?? PGRES_FATAL_ERROR
        if status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_EMPTY_QUERY {
            return
        }
        let connectionBad = PQstatus(handle) != CONNECTION_OK
        if connectionBad { broken.set() }
        func field(_ code: Character) -> String? {
            guard let result, let value = PQresultErrorField(result, Int32(code.asciiValue!)) else {
                return nil
            }
            return String(cString: value)
        }
        let sqlState = field("C")
        guard let sqlState, !connectionBad || !sqlState.hasPrefix("08") else {
            throw PostgresError(.connectionLost, sqlState: sqlState, detail: "the server closed the connection")
        }
        // Schema names are safe to report; the primary message is kept only for classes whose
        // messages are about the statement, never for data exceptions (class 22) that quote values.
        var detail = "statement failed"
        let safeClasses: Set<String> = ["08", "0A", "23", "25", "3D", "3F", "40", "42", "53", "55", "57"]
        if safeClasses.contains(String(sqlState.prefix(2))), let message = field("M") {
            detail = message
        }
        if let table = field("t") { detail += " on table \(table)" }
        if let column = field("c") { detail += " column \(column)" }
        // A server shutting down (57) or a connection that landed on a standby (25006, after a
        // failover) is of no more use: the pool drops it and opens one to the primary.
        if sqlState.hasPrefix("57") || sqlState == "25006" { broken.set() }
        throw PostgresError(.statementFailed, sqlState: sqlState, constraint: field("n"), detail: detail)
    }

    private static func copyRows(_ result: OpaquePointer) -> PostgresRows {
        let columnCount = Int(PQnfields(result))
        let rowCount = Int(PQntuples(result))
        let columns = PostgresColumns(
            names: (0..<columnCount).map { String(cString: PQfname(result, Int32($0))) })
        var rows: [PostgresRow] = []
        rows.reserveCapacity(rowCount)
        for row in 0..<Int32(rowCount) {
            var values: [String?] = []
            values.reserveCapacity(columnCount)
            for column in 0..<Int32(columnCount) {
                if PQgetisnull(result, row, column) == 1 {
                    values.append(nil)
                } else {
                    values.append(String(cString: PQgetvalue(result, row, column)))
                }
            }
            rows.append(PostgresRow(columns: columns, values: values))
        }
        let affected = Int(String(cString: PQcmdTuples(result))) ?? 0
        return PostgresRows(rows: rows, affectedRows: affected)
    }

    private static func firstLine(_ message: UnsafePointer<CChar>?) -> String {
        guard let message else { return "unknown libpq error" }
        let text = String(cString: message).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.split(separator: "\n").first.map(String.init) ?? "unknown libpq error"
    }
}
