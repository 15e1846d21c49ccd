import Synchronization

/// Values a connection keeps for its open transaction only, such as rows it has locked and read:
/// kept from `BEGIN` to `COMMIT` or `ROLLBACK`, and never outside a transaction (there a value
/// set is dropped and nothing is read back), where no lock holds what they describe.
///
/// Savepoints are not followed: what is kept after a `SAVEPOINT` stays kept when the transaction
/// rolls back to it, although the locks taken since are released. So keep nothing between a
/// `SAVEPOINT` and its `ROLLBACK TO` (no such code today: shelter's savepoint wraps one insert).
public final class TransactionLocals: Sendable {
    /// `nil` while no transaction is open.
    private let values = Mutex<[String: any Sendable]?>(nil)

    /// The value kept under `key` in this transaction, if it is a `Value`.
    public subscript<Value: Sendable>(_ key: String, as _: Value.Type = Value.self) -> Value? {
        get { values.withLock { $0?[key] as? Value } }
        set { values.withLock { $0?[key] = newValue } }
    }

    /// A transaction begins: nothing is kept yet.
    func open() { values.withLock { $0 = [:] } }

    /// The transaction ended: everything is forgotten.
    func close() { values.withLock { $0 = nil } }
}
