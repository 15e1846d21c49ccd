import Synchronization

/// Values a connection keeps for its open transaction only, such as rows it has locked and read
/// (forgotten when the transaction begins, commits or rolls back).
public final class TransactionLocals: Sendable {
    private let values = Mutex<[String: any Sendable]>([:])

    /// The value kept under `key` in this transaction, if it is a `Value`.
    public subscript<Value: Sendable>(_ key: String, as _: Value.Type = Value.self) -> Value? {
        get { values.withLock { $0[key] as? Value } }
        set { values.withLock { $0[key] = newValue } }
    }

    func removeAll() { values.withLock { $0.removeAll() } }
}
