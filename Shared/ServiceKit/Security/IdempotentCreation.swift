import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import Persistence

/// `Idempotency-Key` for the POSTs that create (CONTRACT.md §3): the same key and body within
/// 24 hours give the first result instead of a second creation.
///
/// Only the created resource's id is kept, never a response body (it may hold personal data):
/// a replay renders the resource again from its id. The body is remembered as a keyed hash.
public struct IdempotentCreation: Sendable {
    /// How long a key is remembered.
    public static let window: Duration = .seconds(24 * 3600)

    /// The outcome of a creation.
    public struct Outcome: Sendable, Equatable {
        /// The resource created now, or by the first request with this key.
        public let id: UUID
        /// Whether this request replayed an earlier one.
        public let replayed: Bool
    }

    private let schema: String
    private let hashKey: SymmetricKey

    /// `secret` keys the body hashes (the service's token secret will do).
    public init(schema: String, secret: String) {
        self.schema = schema
        hashKey = HKDF<SHA256>.deriveKey(
            inputKeyMaterial: SymmetricKey(data: Data(secret.utf8)), info: Data("jardam.idempotency".utf8), outputByteCount: 32)
    }

    /// Runs `create` in a transaction unless `key` was used in `scope` within the window; the
    /// same key with another body is a 422. Without a key every call creates.
    ///
    /// - Parameters:
    ///   - scope: who and what (`caseworker-7 POST /v1/cases`): keys of different callers never meet.
    ///   - create: makes the resource on the transaction's connection and returns its id.
    public func run(
        key: String?, scope: String, body: Data, database: PostgresPool,
        create: (PostgresConnection) async throws -> UUID
    ) async throws -> Outcome {
        guard let key else {
            return Outcome(id: try await database.withTransaction { try await create($0) }, replayed: false)
        }
        guard (1...255).contains(key.count) else {
            throw Problem.validation([.init(field: "Idempotency-Key", message: "must be 1 to 255 characters")])
        }
        let hash = Data(HMAC<SHA256>.authenticationCode(for: body, using: hashKey))
        return try await database.withTransaction { connection in
            // Taking the key's row lock first makes a concurrent twin wait for this transaction.
            try await connection.query(
                "DELETE FROM \"\(schema)\".idempotency_keys WHERE scope = $1 AND key = $2 AND created_at < now() - $3::interval",
                [scope, key, "\(Self.window.components.seconds) seconds"])
            let claimed = try await connection.query(
                "INSERT INTO \"\(schema)\".idempotency_keys (scope, key, request_hash, resource_id) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
                [scope, key, hash, UUID()])
            if claimed.affectedRows == 0 {
                let first = try await connection.query(
                    "SELECT request_hash, resource_id FROM \"\(schema)\".idempotency_keys WHERE scope = $1 AND key = $2", [scope, key])[0]
                guard try first.decode("request_hash", as: Data.self) == hash else {
                    throw Problem.validation([.init(field: "Idempotency-Key", message: "was used with another body")])
                }
                return Outcome(id: try first.decode("resource_id", as: UUID.self), replayed: true)
            }
            let id = try await create(connection)
            try await connection.query(
                "UPDATE \"\(schema)\".idempotency_keys SET resource_id = $3 WHERE scope = $1 AND key = $2", [scope, key, id])
            return Outcome(id: id, replayed: false)
        }
    }
}

extension IdempotentCreation {
    /// ``run(key:scope:body:database:create:)`` for an HTTP request: the key is its
    /// `Idempotency-Key` header, the scope its caller, method and path.
    public func run(
        for request: Request, caller: StaffIdentity, body: Data, database: PostgresPool,
        create: (PostgresConnection) async throws -> UUID
    ) async throws -> Outcome {
        try await run(
            key: request.headers[.idempotencyKey], scope: "\(caller.subject) \(request.method) \(request.uri.path)", body: body,
            database: database, create: create)
    }
}

extension IdempotentCreation.Outcome {
    /// The 201 of a creating `POST`: `body` is the resource rendered from ``id``, marked
    /// `Idempotent-Replayed: true` when this replays the first request with the same key.
    public func created<Body: ResponseEncodable>(_ body: Body) -> EditedResponse<Body> {
        EditedResponse(status: .created, headers: replayed ? [.idempotentReplayed: "true"] : [:], response: body)
    }
}

extension HTTPField.Name {
    /// The request header that makes a creating `POST` safe to retry (CONTRACT.md §3).
    public static let idempotencyKey = Self("Idempotency-Key")!
    /// Set on a response that replays the first request with the same `Idempotency-Key`.
    public static let idempotentReplayed = Self("Idempotent-Replayed")!
}
