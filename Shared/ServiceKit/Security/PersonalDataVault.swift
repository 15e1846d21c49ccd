import Crypto
import Foundation
import LogSafety
import Persistence
import Synchronization

/// Field encryption of personal data under a key per person, itself wrapped by the city's
/// master key (`JARDAM_DATA_KEY`), and keyed hashes for exact-match lookups.
///
/// Erasing a person destroys their key: every field sealed for them becomes unreadable,
/// wherever a copy of the ciphertext lies (crypto-shredding). The keys live in the city's key
/// store, a database of its own (`jardam_<city>_keys`, its own role and backup), so that a
/// dump of the data database, restored later, cannot open a person erased since. Each call
/// commits on its own there: a key is made before the record it seals is written (a failed
/// write leaves an unused key) and destroyed before the erasure is recorded (a failed erasure
/// has already made the data unreadable, and is done again).
public struct PersonalDataVault: Sendable {
    /// The kinds of values looked up by keyed hash; each kind has its own derived key.
    public enum Lookup: String, Sendable, CaseIterable {
        case document, phone, policyNumber = "policy-number", birthDate = "birth-date"
    }

    /// The master key that wraps new keys, and during a rotation the one before it, which still
    /// opens what it wrapped.
    private let keys: MasterKeys
    /// The root of the lookup keys, read from the key store once.
    private let lookupRoot = LookupRootCache()
    /// The key store's pool.
    public let keyStore: PostgresPool
    /// The schema of the key store whose `person_keys` table holds the wrapped keys.
    public let schema: String

    /// `masterKey` (and `previousKey`, during a rotation) must be 32 bytes (checked at start by
    /// ``ServiceConfiguration``).
    public init(masterKey: Data, previousKey: Data? = nil, keyStore: PostgresPool, schema: String) {
        keys = MasterKeys(current: SymmetricKey(data: masterKey), previous: previousKey.map { SymmetricKey(data: $0) })
        self.keyStore = keyStore
        self.schema = schema
    }

    /// Makes and stores a new key for `personRef` in the key store.
    public func createKey(for personRef: String) async throws -> PersonKey {
        let key = SymmetricKey(size: .bits256)
        try await keyStore.query(
            "INSERT INTO \"\(schema)\".person_keys (person_ref, wrapped_key, master_key_id) VALUES ($1, $2, $3)",
            [personRef, try keys.wrap(key, for: personRef), keys.currentID])
        return PersonKey(personRef: personRef, key: key)
    }

    /// The key of `personRef`; ``VaultError/erased`` once it has been destroyed.
    public func key(for personRef: String) async throws -> PersonKey {
        let rows = try await keyStore.query(
            "SELECT wrapped_key, master_key_id FROM \"\(schema)\".person_keys WHERE person_ref = $1", [personRef])
        guard let row = rows.first, let wrapped = try row.decode(0, as: Data?.self) else { throw VaultError.erased }
        return PersonKey(personRef: personRef, key: try keys.unwrap(wrapped, for: personRef, wrappedBy: try row.decode(1, as: String?.self)))
    }

    /// Destroys the key of `personRef`: nothing sealed for them can be opened again.
    public func erase(_ personRef: String) async throws {
        try await keyStore.query(
            "UPDATE \"\(schema)\".person_keys SET wrapped_key = NULL, destroyed_at = now() WHERE person_ref = $1 AND wrapped_key IS NOT NULL",
            [personRef])
    }

    /// Re-wraps, under the current master key, every key still wrapped by the previous one (or
    /// by a key of before fingerprints), `batchSize` rows per transaction, while the service
    /// goes on reading under either; returns how many were re-wrapped. Afterwards the previous
    /// key opens nothing in the key store.
    public func rotate(batchSize: Int = 500) async throws -> Int {
        // A key store from before the lookup root keeps its hashes: the root is made from the
        // previous key now, before that key goes.
        _ = try await root()
        var rewrapped = 0
        while true {
            let done = try await keyStore.withTransaction { connection in
                let rows = try await connection.query(
                    """
                    SELECT person_ref, wrapped_key, master_key_id FROM "\(schema)".person_keys
                    WHERE wrapped_key IS NOT NULL AND master_key_id IS DISTINCT FROM $1
                    ORDER BY person_ref LIMIT $2 FOR UPDATE SKIP LOCKED
                    """, [keys.currentID, batchSize])
                for row in rows {
                    let personRef = try row.decode(0, as: String.self)
                    let key = try keys.unwrap(try row.decode(1, as: Data.self), for: personRef, wrappedBy: try row.decode(2, as: String?.self))
                    try await connection.query(
                        "UPDATE \"\(schema)\".person_keys SET wrapped_key = $2, master_key_id = $3 WHERE person_ref = $1",
                        [personRef, try keys.wrap(key, for: personRef), keys.currentID])
                }
                return rows.count
            }
            rewrapped += done
            if done == 0 { break }
        }
        try await keyStore.withTransaction { connection in
            for row in try await connection.query(
                "SELECT name, wrapped_key, master_key_id FROM \"\(schema)\".vault_keys WHERE master_key_id <> $1 FOR UPDATE", [keys.currentID])
            {
                let name = try row.decode(0, as: String.self)
                let key = try keys.unwrap(try row.decode(1, as: Data.self), for: "vault/\(name)", wrappedBy: try row.decode(2, as: String.self))
                try await connection.query(
                    "UPDATE \"\(schema)\".vault_keys SET wrapped_key = $2, master_key_id = $3 WHERE name = $1",
                    [name, try keys.wrap(key, for: "vault/\(name)"), keys.currentID])
            }
        }
        return rewrapped
    }

    /// HMAC-SHA256 of the normalised value under a key derived for its kind: equal inputs give
    /// equal hashes (`+7 999 123-45-67` and `79991234567`), and the hash reveals nothing without
    /// the lookup root, which the key store keeps wrapped by the master key (so hashes outlive a
    /// rotation of the master key).
    public func lookupHash(_ value: String, _ kind: Lookup) async throws -> Data {
        let key = HKDF<SHA256>.deriveKey(
            inputKeyMaterial: try await root(), info: Data("jardam.lookup.\(kind.rawValue)".utf8), outputByteCount: 32)
        return Data(HMAC<SHA256>.authenticationCode(for: Data(Self.normalise(value, kind).utf8), using: key))
    }

    /// ``lookupHash(_:_:)`` of `value`, or `nil` without one.
    public func lookupHash(_ value: String?, _ kind: Lookup) async throws -> Data? {
        guard let value else { return nil }
        let hash: Data = try await lookupHash(value, kind)
        return hash
    }

    /// The lookup root: read from the key store (and kept), or made there the first time — a
    /// random one in a new key store; in one from before the root was kept, the master key of
    /// then (the previous one, during a first rotation), from which every stored hash was derived.
    private func root() async throws -> SymmetricKey {
        if let root = lookupRoot.value { return root }
        let name = "lookup-root", subject = "vault/lookup-root"
        let select = "SELECT wrapped_key, master_key_id FROM \"\(schema)\".vault_keys WHERE name = $1"
        var rows = try await keyStore.query(select, [name])
        if rows.isEmpty {
            let used = try await keyStore.query("SELECT EXISTS (SELECT 1 FROM \"\(schema)\".person_keys)")
            let root = try used[0].decode(0, as: Bool.self) ? keys.previous ?? keys.current : SymmetricKey(size: .bits256)
            try await keyStore.query(
                "INSERT INTO \"\(schema)\".vault_keys (name, wrapped_key, master_key_id) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING",
                [name, try keys.wrap(root, for: subject), keys.currentID])
            rows = try await keyStore.query(select, [name])
        }
        let root = try keys.unwrap(try rows[0].decode(0, as: Data.self), for: subject, wrappedBy: try rows[0].decode(1, as: String.self))
        lookupRoot.value = root
        return root
    }

    /// Phones keep their digits; documents and policy numbers their letters and digits,
    /// upper-cased; birth dates are hashed as written (`YYYY-MM-DD`).
    static func normalise(_ value: String, _ kind: Lookup) -> String {
        switch kind {
        case .phone: String(value.filter(\.isNumber))
        case .birthDate: value
        case .document, .policyNumber: String(value.uppercased().filter { $0.isLetter || $0.isNumber })
        }
    }
}

/// The master key and, during a rotation, the previous one; each known by a fingerprint.
private struct MasterKeys: Sendable {
    let current: SymmetricKey
    let previous: SymmetricKey?

    init(current: SymmetricKey, previous: SymmetricKey?) {
        self.current = current
        self.previous = previous
    }

    var currentID: String { Self.id(of: current) }

    /// A fingerprint that names a master key without revealing it.
    static func id(of key: SymmetricKey) -> String {
        let digest = HMAC<SHA256>.authenticationCode(for: Data("jardam.master-key-id".utf8), using: key)
        return Data(digest).prefix(8).map { String(format: "%02x", $0) }.joined()
    }

    func wrap(_ key: SymmetricKey, for subject: String) throws -> Data {
        try AES.GCM.seal(key.withUnsafeBytes { Data($0) }, using: current, authenticating: Data(subject.utf8)).combined!
    }

    /// Opens under the key whose fingerprint is `wrappedBy`; without one (wrapped before
    /// fingerprints were kept), under whichever opens it.
    func unwrap(_ wrapped: Data, for subject: String, wrappedBy id: String?) throws -> SymmetricKey {
        let candidates = [current] + (previous.map { [$0] } ?? [])
        for key in candidates where id == nil || Self.id(of: key) == id {
            if let box = try? AES.GCM.SealedBox(combined: wrapped),
                let raw = try? AES.GCM.open(box, using: key, authenticating: Data(subject.utf8))
            {
                return SymmetricKey(data: raw)
            }
        }
        throw VaultError.undecryptable
    }
}

/// The lookup root once read, shared by the copies of one vault.
private final class LookupRootCache: Sendable {
    private let stored = Mutex<SymmetricKey?>(nil)

    var value: SymmetricKey? {
        get { stored.withLock { $0 } }
        set { stored.withLock { $0 = newValue } }
    }
}

/// One person's unwrapped key: seals and opens that person's fields.
public struct PersonKey: Sendable {
    public let personRef: String
    fileprivate let key: SymmetricKey

    fileprivate init(personRef: String, key: SymmetricKey) {
        self.personRef = personRef
        self.key = key
    }

    /// AES-GCM with a fresh nonce; the person reference is authenticated, so a field copied to
    /// another person's record does not open.
    public func seal(_ value: String) throws -> Data {
        try AES.GCM.seal(Data(value.utf8), using: key, authenticating: Data(personRef.utf8)).combined!
    }

    public func open(_ sealed: Data) throws -> String {
        do {
            let box = try AES.GCM.SealedBox(combined: sealed)
            return String(decoding: try AES.GCM.open(box, using: key, authenticating: Data(personRef.utf8)), as: UTF8.self)
        } catch {
            throw VaultError.undecryptable
        }
    }
}

/// Why personal data could not be read; never says what the data was.
public enum VaultError: Error, CustomStringConvertible, LogSafeError {
    /// The person was erased (or never had a key).
    case erased
    /// The ciphertext or the wrapped key does not open under the keys at hand.
    case undecryptable

    public var description: String {
        switch self {
        case .erased: "the person's data was erased"
        case .undecryptable: "the data cannot be decrypted with the keys at hand"
        }
    }
}
