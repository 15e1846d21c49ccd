extension PostgresConnection {
    /// Takes the advisory lock named `name` to the end of the transaction
    /// (`pg_advisory_xact_lock`), waiting for whoever holds it; a lock the transaction took already
    /// is not asked for again (a batch of events taking the same lock pays for it once).
    ///
    /// Call inside a transaction: outside one the lock would end with the statement.
    public func lockForTransaction(_ name: String) async throws {
        var held = transactionLocals[Self.heldLocksKey, as: Set<String>.self] ?? []
        guard held.insert(name).inserted else { return }
        try await query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", [name])
        transactionLocals[Self.heldLocksKey] = held
    }

    private static let heldLocksKey = "advisory locks"
}
