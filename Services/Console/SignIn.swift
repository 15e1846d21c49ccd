import ConsoleAccounts
import Foundation
import HummingbirdBcrypt
import Persistence
import ServiceKit

/// Signing staff in and out: passwords (bcrypt), the first password change, TOTP, lockout,
/// sessions; every sign-in, failure, lockout and sign-out goes to the audit log.
struct SignIn: Sendable {
    let city: String
    let database: PostgresPool
    let accounts: AccountStore
    let sessions: SessionStore
    let codes: OneTimeCodes
    let audit: AuditLog

    /// bcrypt's cost for every password hash (CONTRACT.md §8: 12 or more).
    static let bcryptCost: UInt8 = 12

    /// What a password attempt leads to.
    enum PasswordOutcome: Sendable, Equatable {
        /// Signed in, or on to the second step; the session cookie's token.
        case session(String, SessionStore.Stage)
        /// Wrong username or password (the page never says which).
        case refused
        /// Locked after repeated failures.
        case locked
    }

    /// Checks `password` for `username` at `now`.
    func password(_ password: String, username: String, now: Date) async throws -> PasswordOutcome {
        let found = try await database.withTransaction { try await accounts.credentials(username: username, on: $0) }
        guard let found, !found.account.disabled else {
            // The same work as a real check, so that timing does not tell which usernames exist.
            _ = Bcrypt.verify(password, hash: Self.decoyHash)
            try await database.withTransaction { connection in
                try await audit.record(
                    "sign-in-failed", subject: "staff/unknown", reason: "no such active account", by: anonymous, requestID: nil, on: connection)
            }
            return .refused
        }
        let account = found.account
        return try await database.withTransaction { connection in
            _ = try await accounts.credentials(id: account.id, on: connection)  // one attempt at a time per account
            let failures = try await accounts.failures(account.id, since: now.addingTimeInterval(-Lockout.window), on: connection)
            if Lockout.lockedUntil(failures: failures, now: now) != nil {
                try await audit.record(
                    "sign-in-refused-locked", subject: subject(account), reason: nil, by: identity(account), requestID: nil, on: connection)
                return .locked
            }
            guard Bcrypt.verify(password, hash: found.passwordHash) else {
                try await accounts.recordFailure(account.id, at: now, on: connection)
                try await audit.record(
                    "sign-in-failed", subject: subject(account), reason: "wrong password", by: identity(account), requestID: nil, on: connection)
                if Lockout.lockedUntil(failures: failures + [now], now: now) != nil {
                    try await audit.record(
                        "lockout", subject: subject(account), reason: "\(Lockout.failures) failures in 15 minutes", by: identity(account),
                        requestID: nil, on: connection)
                    return .locked
                }
                return .refused
            }
            let stage: SessionStore.Stage = account.mustChangePassword || account.needsTOTP ? .password : .signedIn
            let token = try await sessions.start(account.id, stage: stage, now: now, on: connection)
            if stage == .signedIn {
                try await audit.record("sign-in", subject: subject(account), reason: nil, by: identity(account), requestID: nil, on: connection)
            }
            return .session(token, stage)
        }
    }

    /// What the second step asks of `account`: a new password, TOTP enrolment (with its
    /// address), a TOTP code.
    struct SecondStep: Sendable, Equatable {
        var newPassword: Bool
        var enrolmentURI: String?
        /// The secret as an app's "enter a setup key" asks for it: base32, in groups of four.
        var enrolmentKey: String?
        var code: Bool
    }

    /// The second step of `account`, offering a TOTP secret for enrolment when it has none yet.
    func secondStep(of accountId: UUID) async throws -> (StaffAccount, SecondStep)? {
        try await database.withTransaction { connection in
            guard let found = try await accounts.credentials(id: accountId, on: connection), !found.account.disabled else { return nil }
            let account = found.account
            var step = SecondStep(newPassword: account.mustChangePassword, enrolmentURI: nil, enrolmentKey: nil, code: account.needsTOTP)
            if account.needsTOTP && !account.totpEnrolled {
                let secret: String
                if let sealed = found.sealedTOTPSecret, let kept = try? codes.open(sealed) {
                    secret = kept
                } else {
                    secret = codes.newSecret()
                    try await accounts.offerTOTP(account.id, sealedSecret: try codes.seal(secret), on: connection)
                }
                step.enrolmentURI = codes.enrolmentURI(secret: secret, username: account.username, city: city)
                step.enrolmentKey = codes.setupKey(secret: secret)
            }
            return (account, step)
        }
    }

    /// What the second step's form leads to.
    enum SecondOutcome: Sendable, Equatable {
        /// Signed in: the session's new token.
        case signedIn(String)
        /// The wording key of what is wrong, and the field at fault.
        case refused(String, field: String)
        /// Locked after repeated failures (wrong codes count as failures too).
        case locked
    }

    /// Completes the sign-in of the session `token` (at stage ``SessionStore/Stage/password``)
    /// with a new password and/or a TOTP code.
    func complete(token: String, accountId: UUID, newPassword: String, code: String, now: Date) async throws -> SecondOutcome {
        try await database.withTransaction { connection in
            guard let found = try await accounts.credentials(id: accountId, on: connection), !found.account.disabled else {
                return .refused("sessionExpired", field: "")
            }
            let account = found.account
            let failures = try await accounts.failures(account.id, since: now.addingTimeInterval(-Lockout.window), on: connection)
            if Lockout.lockedUntil(failures: failures, now: now) != nil { return .locked }
            if account.mustChangePassword {
                // Only bcrypt can tell whether the new password is the old one.
                let isTheOldOne = Bcrypt.verify(newPassword, hash: found.passwordHash)
                if let problem = PasswordRules.problem(with: newPassword, isTheOldOne: isTheOldOne) {
                    return .refused(problem, field: "newPassword")
                }
            }
            if account.needsTOTP {
                guard let sealed = found.sealedTOTPSecret, let secret = try? codes.open(sealed),
                    let step = codes.matchingStep(code, secret: secret, now: now, after: found.lastTOTPStep)
                else {
                    try await accounts.recordFailure(account.id, at: now, on: connection)
                    try await audit.record(
                        "sign-in-failed", subject: subject(account), reason: "wrong TOTP code", by: identity(account), requestID: nil, on: connection)
                    if Lockout.lockedUntil(failures: failures + [now], now: now) != nil {
                        try await audit.record(
                            "lockout", subject: subject(account), reason: "\(Lockout.failures) failures in 15 minutes", by: identity(account),
                            requestID: nil, on: connection)
                        return .locked
                    }
                    return .refused("totpWrong", field: "totp")
                }
                try await accounts.acceptTOTP(account.id, step: step, on: connection)
            }
            if account.mustChangePassword {
                try await accounts.changePassword(account.id, passwordHash: Bcrypt.hash(newPassword, cost: Self.bcryptCost), on: connection)
                try await audit.record(
                    "password-changed", subject: subject(account), reason: nil, by: identity(account), requestID: nil, on: connection)
            }
            let next = try await sessions.advance(token, to: .signedIn, now: now, on: connection)
            try await audit.record("sign-in", subject: subject(account), reason: nil, by: identity(account), requestID: nil, on: connection)
            return .signedIn(next)
        }
    }

    /// Ends the session `token` of `account`.
    func signOut(token: String, account: StaffAccount) async throws {
        try await sessions.end(token, database: database)
        try await database.withTransaction { connection in
            try await audit.record("sign-out", subject: subject(account), reason: nil, by: identity(account), requestID: nil, on: connection)
        }
    }

    private func subject(_ account: StaffAccount) -> String { "staff/\(account.username)" }

    private func identity(_ account: StaffAccount) -> StaffIdentity {
        StaffIdentity(subject: account.username, roles: Set(account.roles), city: city, partner: account.partnerId)
    }

    private var anonymous: StaffIdentity { StaffIdentity(subject: "anonymous", roles: [], city: city, partner: nil) }

    /// A bcrypt hash of nothing anyone knows, checked when no account matches.
    private static let decoyHash = Bcrypt.hash(SessionStore.randomToken(), cost: bcryptCost)
}
