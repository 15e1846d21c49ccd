import Foundation
import Persistence
import ServiceKit

/// The `staff_accounts` and `sign_in_failures` tables of the console's schema.
public struct AccountStore: Sendable {
    public let schema: String

    public init(schema: String) { self.schema = schema }

    /// What signing in needs of an account: the account, its password hash and its TOTP secret
    /// (sealed), and the last TOTP step it used.
    public struct Credentials: Sendable {
        public let account: StaffAccount
        public let passwordHash: String
        public let sealedTOTPSecret: Data?
        public let lastTOTPStep: Int?
    }

    private var columns: String {
        "id, username, display_name, roles, partner_id, language, disabled, must_change_password, totp_enrolled, password_hash, totp_secret, totp_last_step"
    }

    /// The account named `username`, or `nil`.
    public func credentials(username: String, on connection: PostgresConnection) async throws -> Credentials? {
        try await connection.query("SELECT \(columns) FROM \"\(schema)\".staff_accounts WHERE username = $1", [username]).first.map(Self.credentials)
    }

    /// The account `id`, locked for the caller's transaction, or `nil`.
    public func credentials(id: UUID, on connection: PostgresConnection) async throws -> Credentials? {
        try await connection.query("SELECT \(columns) FROM \"\(schema)\".staff_accounts WHERE id = $1 FOR UPDATE", [id]).first.map(Self.credentials)
    }

    private static func credentials(_ row: PostgresRow) throws -> Credentials {
        let account = StaffAccount(
            id: try row.decode("id"), username: try row.decode("username"), displayName: try row.decode("display_name"),
            roles: try row.decode("roles", as: [String].self).compactMap(Role.init(rawValue:)), partnerId: try row.decode("partner_id"),
            language: ConsoleLanguage(rawValue: try row.decode("language")) ?? .ru, disabled: try row.decode("disabled"),
            mustChangePassword: try row.decode("must_change_password"), totpEnrolled: try row.decode("totp_enrolled"))
        return Credentials(
            account: account, passwordHash: try row.decode("password_hash"), sealedTOTPSecret: try row.decode("totp_secret"),
            lastTOTPStep: try row.decode("totp_last_step"))
    }

    /// Adds an account with the hash of its one-time password; `false` when the username is taken.
    public func insert(
        id: UUID, username: String, displayName: String, roles: [Role], partnerId: UUID?, language: ConsoleLanguage, passwordHash: String,
        database: PostgresPool
    ) async throws -> Bool {
        try await database.query(
            """
            INSERT INTO "\(schema)".staff_accounts (id, username, display_name, roles, partner_id, language, password_hash)
            VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (username) DO NOTHING
            """, [id, username, displayName, roles.map(\.rawValue), partnerId, language.rawValue, passwordHash]
        ).affectedRows == 1
    }

    /// Disables the account (or enables it again), ending its sessions; `false` when there is none.
    public func setDisabled(_ disabled: Bool, username: String, database: PostgresPool) async throws -> Bool {
        try await database.withTransaction { connection in
            let changed =
                try await connection.query(
                    "UPDATE \"\(schema)\".staff_accounts SET disabled = $2 WHERE username = $1", [username, disabled]
                ).affectedRows == 1
            try await endSessions(of: username, on: connection)
            return changed
        }
    }

    /// Gives the account a new one-time password and forgets its TOTP enrolment and failed
    /// sign-ins, ending its sessions; `false` when there is none.
    public func reset(username: String, passwordHash: String, database: PostgresPool) async throws -> Bool {
        try await database.withTransaction { connection in
            let changed =
                try await connection.query(
                    """
                    UPDATE "\(schema)".staff_accounts SET password_hash = $2, must_change_password = true, totp_secret = NULL,
                        totp_enrolled = false, totp_last_step = NULL WHERE username = $1
                    """, [username, passwordHash]
                ).affectedRows == 1
            try await connection.query(
                "DELETE FROM \"\(schema)\".sign_in_failures WHERE account_id IN (SELECT id FROM \"\(schema)\".staff_accounts WHERE username = $1)",
                [username])
            try await endSessions(of: username, on: connection)
            return changed
        }
    }

    private func endSessions(of username: String, on connection: PostgresConnection) async throws {
        try await connection.query(
            "DELETE FROM \"\(schema)\".staff_sessions WHERE account_id IN (SELECT id FROM \"\(schema)\".staff_accounts WHERE username = $1)",
            [username])
    }

    /// The language the account's pages are written in from now on.
    public func setLanguage(_ id: UUID, _ language: ConsoleLanguage, database: PostgresPool) async throws {
        try await database.query("UPDATE \"\(schema)\".staff_accounts SET language = $2 WHERE id = $1", [id, language.rawValue])
    }

    /// The account's own password replaces the one-time one.
    public func changePassword(_ id: UUID, passwordHash: String, on connection: PostgresConnection) async throws {
        try await connection.query(
            "UPDATE \"\(schema)\".staff_accounts SET password_hash = $2, must_change_password = false WHERE id = $1", [id, passwordHash])
    }

    /// Keeps the sealed TOTP secret offered for enrolment (not enrolled until a code matches).
    public func offerTOTP(_ id: UUID, sealedSecret: Data, on connection: PostgresConnection) async throws {
        try await connection.query("UPDATE \"\(schema)\".staff_accounts SET totp_secret = $2 WHERE id = $1", [id, sealedSecret])
    }

    /// A code of time step `step` matched: the account is enrolled, and that step is used.
    public func acceptTOTP(_ id: UUID, step: Int, on connection: PostgresConnection) async throws {
        try await connection.query(
            "UPDATE \"\(schema)\".staff_accounts SET totp_enrolled = true, totp_last_step = $2 WHERE id = $1", [id, step])
    }

    /// Records a failed sign-in of `id` at `time`.
    public func recordFailure(_ id: UUID, at time: Date, on connection: PostgresConnection) async throws {
        try await connection.query("INSERT INTO \"\(schema)\".sign_in_failures (account_id, at) VALUES ($1, $2)", [id, time])
    }

    /// The account's failed sign-ins after `since`.
    public func failures(_ id: UUID, since: Date, on connection: PostgresConnection) async throws -> [Date] {
        try await connection.query("SELECT at FROM \"\(schema)\".sign_in_failures WHERE account_id = $1 AND at > $2", [id, since]).map {
            try $0.decode("at")
        }
    }
}
