import CLibPQ
import Foundation
import NIOPosix

/// One libpq connection, owned by this object and used only from its own thread.
///
/// libpq forbids sharing a `PGconn` between threads and blocks while it waits for the server,
/// so every call runs on a one-thread `NIOThreadPool`, never on Swift's cooperative pool.
/// Use it through ``PostgresPool``, which hands a connection to one task at a time.
public final class PostgresConnection: @unchecked Sendable {
    private let thread: NIOThreadPool
    /// The `PGconn*`; read and written only on `thread`.
    private var handle: OpaquePointer?
    /// Set on `thread` when the connection is found broken; read by the pool after a call.
    private let broken = LockedFlag()
    /// Names of the statements prepared on this connection, by SQL text and parameter types;
    /// used only on `thread`.
    private var prepared: [PreparedKey: String] = [:]
    /// Most statements kept prepared; past it the server's are deallocated and preparing starts over.
    static let preparedLimit = 512

    private init(thread: NIOThreadPool) {
        self.thread = thread
    }

    /// Opens a connection from any libpq connection string or URI.
    ///
    /// The session is set to UTF-8, ISO dates and UTC so that text values read back the same
    /// whatever the server's defaults.
    public static func connect(_ conninfo: String) async throws -> PostgresConnection {
        let thread = NIOThreadPool(numberOfThreads: 1)
        thread.start()
        let connection = PostgresConnection(thread: thread)
        do {
            try await thread.runIfActive { try connection.openOnThread(conninfo) }
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
    @discardableResult
    public func query(_ sql: String, _ parameters: [any PostgresEncodable] = []) async throws -> PostgresRows {
        let types = parameters.map { type(of: $0).postgresType.oid }
        let values = parameters.map(\.postgresText)
        return try await thread.runIfActive { try self.execOnThread(sql, types: types, values: values) }
    }

    /// Runs a trusted SQL script of several statements (`PQexec`), such as a migration file.
    ///
    /// Never pass text that came from a request: scripts cannot bind parameters.
    public func executeScript(_ sql: String) async throws {
        try await thread.runIfActive { try self.execScriptOnThread(sql) }
    }

    /// Reads whatever the server sent while the connection sat idle, without blocking.
    ///
    /// A server that was stopped or restarted sends a termination notice and closes the socket;
    /// the socket then stays readable until libpq has seen the end of the stream, so input is
    /// consumed until the socket is quiet (alive) or libpq marks the connection bad (dead).
    func isAlive() async -> Bool {
        (try? await thread.runIfActive { () -> Bool in
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
        return try await thread.runIfActive {
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
        _ = try? await thread.runIfActive {
            if let handle = self.handle { PQfinish(handle) }
            self.handle = nil
            self.broken.set()
        }
        try? await thread.shutdownGracefully()
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
        let head = sql.drop { $0.isWhitespace }.prefix(6).uppercased()
        return ["SELECT", "INSERT", "UPDATE", "DELETE"].contains(head) || head.hasPrefix("WITH")
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
        if prepared.count >= Self.preparedLimit {
            let result = PQexec(handle, "DEALLOCATE ALL")
            defer { PQclear(result) }
            try check(result, handle: handle)
            prepared.removeAll()
        }
        let name = "jardam_\(prepared.count)"
        let result = types.withUnsafeBufferPointer { PQprepare(handle, name, sql, Int32(types.count), $0.baseAddress) }
        defer { PQclear(result) }
        try check(result, handle: handle)
        prepared[key] = name
        return name
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
