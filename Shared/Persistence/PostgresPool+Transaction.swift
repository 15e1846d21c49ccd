/// How strictly a transaction is isolated from concurrent ones.
public enum PostgresIsolation: String, Sendable {
    case readCommitted = "READ COMMITTED"
    case repeatableRead = "REPEATABLE READ"
    case serializable = "SERIALIZABLE"
}

extension PostgresPool {
    /// Runs `body` in one transaction: committed when it returns, rolled back when it throws.
    ///
    /// A serialization failure or deadlock (SQLSTATE 40001, 40P01) rolls back and runs `body`
    /// again, up to `maxAttempts` times in all, so `body` must do nothing outside the database
    /// that cannot be repeated.
    @discardableResult
    public nonisolated func withTransaction<T>(
        isolation: PostgresIsolation = .readCommitted,
        maxAttempts: Int = 5,
        _ body: (PostgresConnection) async throws -> T
    ) async throws -> T {
        var attempt = 1
        while true {
            do {
                return try await withConnection { connection in
                    try await connection.query("BEGIN ISOLATION LEVEL \(isolation.rawValue)")
                    do {
                        let value = try await body(connection)
                        try await connection.query("COMMIT")
                        return value
                    } catch {
                        if !connection.isBroken { _ = try? await connection.query("ROLLBACK") }
                        throw error
                    }
                }
            } catch let error as PostgresError where error.isTransactionConflict && attempt < maxAttempts {
                attempt += 1
                try await Task.sleep(for: .milliseconds(Int.random(in: 1...10) * attempt))
            }
        }
    }
}
