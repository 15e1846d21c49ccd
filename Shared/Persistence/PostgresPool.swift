import Logging
import ServiceLifecycle

/// A bounded pool of ``PostgresConnection``s with an acquire timeout.
///
/// A connection found broken (the server restarted, the network dropped) is closed and a new one
/// opened on the next acquire, so the pool outlives a database restart. Run the pool as a
/// `Service`: on graceful shutdown it closes every connection.
public actor PostgresPool: Service {
    /// How the pool connects and how far it grows.
    public struct Configuration: Sendable {
        /// Any libpq connection string or URI (`JARDAM_POSTGRES_URL`).
        public var conninfo: String
        /// The most connections open at once.
        public var maxConnections: Int
        /// How long a caller waits for a free connection before ``PostgresError/Code/poolTimeout``.
        public var acquireTimeout: Duration

        public init(conninfo: String, maxConnections: Int = 10, acquireTimeout: Duration = .seconds(5)) {
            self.conninfo = conninfo
            self.maxConnections = max(1, maxConnections)
            self.acquireTimeout = acquireTimeout
        }
    }

    private struct Waiter {
        let id: UInt64
        let continuation: CheckedContinuation<PostgresConnection?, any Error>
    }

    public nonisolated let configuration: Configuration
    private let logger: Logger
    private var idle: [PostgresConnection] = []
    private var openCount = 0
    private var waiters: [Waiter] = []
    private var nextWaiterID: UInt64 = 0
    private var isClosed = false

    public init(configuration: Configuration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
    }

    /// Lends a connection to `body` and takes it back afterwards, whatever `body` does.
    ///
    /// Meanwhile the task runs on the connection's thread (its `TaskExecutor`), so `body`'s
    /// statements are sent from there without a switch between threads each.
    public nonisolated func withConnection<T>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        while true {
            let connection = try await acquire()
            let lent: Lent<T> = try await withTaskExecutorPreference(connection.executor) {
                // An idle connection may have been closed by the server (a restart) meanwhile.
                guard await connection.isAlive() else {
                    await release(connection)
                    return .closed
                }
                do {
                    let value = try await body(connection)
                    await release(connection)
                    return .returned(value)
                } catch {
                    await release(connection)
                    throw error
                }
            }
            if case .returned(let value) = lent { return value }
        }
    }

    /// What lending a connection came to: `body`'s value, or a connection found closed.
    private enum Lent<T> {
        case returned(T)
        case closed
    }

    /// Runs one statement on a pooled connection.
    @discardableResult
    public nonisolated func query(_ sql: String, _ parameters: [any PostgresEncodable] = []) async throws -> PostgresRows {
        try await withConnection { try await $0.query(sql, parameters) }
    }

    /// Waits for graceful shutdown, then closes every connection.
    public func run() async throws {
        try? await gracefulShutdown()
        await close()
    }

    /// Closes idle connections now and the others as they come back; later acquires fail.
    public func close() async {
        isClosed = true
        let waiting = waiters
        waiters.removeAll()
        for waiter in waiting {
            waiter.continuation.resume(throwing: PostgresError(.poolClosed, detail: "the pool is closed"))
        }
        let closing = idle
        idle.removeAll()
        openCount -= closing.count
        for connection in closing { await connection.close() }
    }

    // MARK: - Acquire and release

    private func acquire() async throws -> PostgresConnection {
        while true {
            guard !isClosed else { throw PostgresError(.poolClosed, detail: "the pool is closed") }
            if let connection = idle.popLast() { return connection }
            if openCount < configuration.maxConnections {
                openCount += 1
                do {
                    return try await PostgresConnection.connect(configuration.conninfo)
                } catch {
                    openCount -= 1
                    // A waiter queued meanwhile may now open a connection of its own.
                    wakeOneWaiter(with: nil)
                    throw error
                }
            }
            if let connection = try await waitForRelease() { return connection }
        }
    }

    /// Suspends until a connection is released (it is returned), a slot frees (`nil`: try again),
    /// the timeout passes or the task is cancelled.
    private func waitForRelease() async throws -> PostgresConnection? {
        let id = nextWaiterID
        nextWaiterID += 1
        let timeout = configuration.acquireTimeout
        let timer = Task { [weak self] in
            try await Task.sleep(for: timeout)
            await self?.failWaiter(
                id, PostgresError(.poolTimeout, detail: "no connection free within \(timeout)"))
        }
        defer { timer.cancel() }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                waiters.append(Waiter(id: id, continuation: continuation))
            }
        } onCancel: {
            Task { await self.failWaiter(id, CancellationError()) }
        }
    }

    private func failWaiter(_ id: UInt64, _ error: any Error) {
        guard let index = waiters.firstIndex(where: { $0.id == id }) else { return }
        waiters.remove(at: index).continuation.resume(throwing: error)
    }

    private func wakeOneWaiter(with connection: PostgresConnection?) {
        guard !waiters.isEmpty else { return }
        waiters.removeFirst().continuation.resume(returning: connection)
    }

    private func release(_ connection: PostgresConnection) async {
        if connection.isBroken || isClosed {
            openCount -= 1
            if connection.isBroken {
                logger.warning("discarding a broken PostgreSQL connection")
            }
            await connection.close()
            wakeOneWaiter(with: nil)
        } else if !waiters.isEmpty {
            wakeOneWaiter(with: connection)
        } else {
            idle.append(connection)
        }
    }
}
