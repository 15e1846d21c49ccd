import Crypto
import Foundation
import Persistence

/// The `staff_sessions` table: the cookie carries a random token, the table only its SHA-256,
/// so that a copy of the table signs nobody in.
struct SessionStore: Sendable {
    let schema: String
    /// How long a session may sit idle (CONTRACT.md §8: 30 minutes).
    var idleTimeout: TimeInterval = 30 * 60

    /// Where a session stands.
    enum Stage: String, Sendable {
        /// The password was right; a new password or a TOTP code is still due.
        case password
        case signedIn = "signed-in"
    }

    /// A live session.
    struct Session: Sendable {
        let accountId: UUID
        let stage: Stage
        let csrfToken: String
    }

    /// Starts a session for `accountId` at `stage`; returns the cookie's token.
    func start(_ accountId: UUID, stage: Stage, now: Date, on connection: PostgresConnection) async throws -> String {
        let token = Self.randomToken()
        try await connection.query(
            """
            INSERT INTO "\(schema)".staff_sessions (token_hash, account_id, stage, csrf_token, created_at, last_seen)
            VALUES ($1, $2, $3, $4, $5, $5)
            """, [Self.hash(token), accountId, stage.rawValue, Self.randomToken(), now])
        return token
    }

    /// The session of `token` at `now`, its idle clock restarted; `nil` when there is none or it
    /// sat idle too long (then it is ended).
    func resume(_ token: String, now: Date, database: PostgresPool) async throws -> Session? {
        let rows = try await database.query(
            """
            UPDATE "\(schema)".staff_sessions SET last_seen = $2 WHERE token_hash = $1 AND last_seen > $3
            RETURNING account_id, stage, csrf_token
            """, [Self.hash(token), now, now.addingTimeInterval(-idleTimeout)])
        guard let row = rows.first else {
            try await end(token, database: database)
            return nil
        }
        return Session(
            accountId: try row.decode("account_id"), stage: Stage(rawValue: try row.decode("stage")) ?? .password,
            csrfToken: try row.decode("csrf_token"))
    }

    /// Moves the session on to `stage`, under a new token (the old one is void): a session's
    /// token changes whenever it gains rights.
    func advance(_ token: String, to stage: Stage, now: Date, on connection: PostgresConnection) async throws -> String {
        let next = Self.randomToken()
        try await connection.query(
            "UPDATE \"\(schema)\".staff_sessions SET token_hash = $2, stage = $3, last_seen = $4 WHERE token_hash = $1",
            [Self.hash(token), Self.hash(next), stage.rawValue, now])
        return next
    }

    /// Ends the session of `token`.
    func end(_ token: String, database: PostgresPool) async throws {
        try await database.query("DELETE FROM \"\(schema)\".staff_sessions WHERE token_hash = $1", [Self.hash(token)])
    }

    /// 32 random bytes, base64url without padding.
    static func randomToken() -> String {
        let bytes = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }
        return bytes.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    private static func hash(_ token: String) -> Data { Data(SHA256.hash(data: Data(token.utf8))) }
}
