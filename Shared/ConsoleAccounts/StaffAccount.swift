import Foundation
import ServiceKit

/// A member of staff who signs in to the console (`jardamctl staff add`).
public struct StaffAccount: Sendable, Equatable {
    public let id: UUID
    public let username: String
    public let displayName: String
    public let roles: [Role]
    /// The partner organisation of partner staff (a lawyer's firm).
    public let partnerId: UUID?
    public let language: ConsoleLanguage
    public let disabled: Bool
    /// The one-time password `jardamctl` printed is still the password: it must be changed.
    public let mustChangePassword: Bool
    public let totpEnrolled: Bool

    /// The roles that read personal data (CONTRACT.md §4: persons and cases): they sign in with
    /// a TOTP code as well as their password.
    public static let personalDataRoles: Set<Role> = [.operator, .caseworker, .supervisor]

    /// Whether signing in asks for a TOTP code.
    public var needsTOTP: Bool { !personalDataRoles.isDisjoint(with: roles) }

    private var personalDataRoles: Set<Role> { Self.personalDataRoles }

    public init(
        id: UUID, username: String, displayName: String, roles: [Role], partnerId: UUID?, language: ConsoleLanguage, disabled: Bool,
        mustChangePassword: Bool, totpEnrolled: Bool
    ) {
        self.id = id; self.username = username; self.displayName = displayName; self.roles = roles; self.partnerId = partnerId
        self.language = language; self.disabled = disabled; self.mustChangePassword = mustChangePassword; self.totpEnrolled = totpEnrolled
    }
}
