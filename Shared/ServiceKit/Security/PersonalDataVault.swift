import Crypto
import Foundation
import LogSafety
import Persistence

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

    private let masterKey: SymmetricKey
    /// The key store's pool.
    public let keyStore: PostgresPool
    /// The schema of the key store whose `person_keys` table holds the wrapped keys.
    public let schema: String

    /// `masterKey` must be 32 bytes (checked at start by ``ServiceConfiguration``).
    public init(masterKey: Data, keyStore: PostgresPool, schema: String) {
        self.masterKey = SymmetricKey(data: masterKey)
        self.keyStore = keyStore
        self.schema = schema
    }

    /// Makes and stores a new key for `personRef` in the key store.
    public func createKey(for personRef: String) async throws -> PersonKey {
        let key = SymmetricKey(size: .bits256)
        let wrapped = try AES.GCM.seal(key.withUnsafeBytes { Data($0) }, using: masterKey, authenticating: Data(personRef.utf8))
        try await keyStore.query(
            "INSERT INTO \"\(schema)\".person_keys (person_ref, wrapped_key) VALUES ($1, $2)",
            [personRef, wrapped.combined!])
        return PersonKey(personRef: personRef, key: key)
    }

    /// The key of `personRef`; ``VaultError/erased`` once it has been destroyed.
    public func key(for personRef: String) async throws -> PersonKey {
        let rows = try await keyStore.query(
            "SELECT wrapped_key FROM \"\(schema)\".person_keys WHERE person_ref = $1", [personRef])
        guard let wrapped = try rows.first?.decode(0, as: Data?.self) else { throw VaultError.erased }
        do {
            let box = try AES.GCM.SealedBox(combined: wrapped)
            let raw = try AES.GCM.open(box, using: masterKey, authenticating: Data(personRef.utf8))
            return PersonKey(personRef: personRef, key: SymmetricKey(data: raw))
        } catch {
            throw VaultError.undecryptable
        }
    }

    /// Destroys the key of `personRef`: nothing sealed for them can be opened again.
    public func erase(_ personRef: String) async throws {
        try await keyStore.query(
            "UPDATE \"\(schema)\".person_keys SET wrapped_key = NULL, destroyed_at = now() WHERE person_ref = $1 AND wrapped_key IS NOT NULL",
            [personRef])
    }

    /// HMAC-SHA256 of the normalised value under a key derived for its kind: equal inputs give
    /// equal hashes (`+7 999 123-45-67` and `79991234567`), and the hash reveals nothing without
    /// the master key.
    public func lookupHash(_ value: String, _ kind: Lookup) -> Data {
        let key = HKDF<SHA256>.deriveKey(
            inputKeyMaterial: masterKey, info: Data("jardam.lookup.\(kind.rawValue)".utf8), outputByteCount: 32)
        return Data(HMAC<SHA256>.authenticationCode(for: Data(Self.normalise(value, kind).utf8), using: key))
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
