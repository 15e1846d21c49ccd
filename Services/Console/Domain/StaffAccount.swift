import Foundation
import ServiceKit

/// A member of staff who signs in to the console (`jardamctl staff add`).
struct StaffAccount: Sendable, Equatable {
    let id: UUID
    let username: String
    let displayName: String
    let roles: [Role]
    /// The partner organisation of partner staff (a lawyer's firm).
    let partnerId: UUID?
    let language: ConsoleLanguage
    let disabled: Bool
    /// The one-time password `jardamctl` printed is still the password: it must be changed.
    let mustChangePassword: Bool
    let totpEnrolled: Bool

    /// The roles that read personal data (CONTRACT.md §4: persons and cases): they sign in with
    /// a TOTP code as well as their password.
    static let personalDataRoles: Set<Role> = [.operator, .caseworker, .supervisor]

    /// Whether signing in asks for a TOTP code.
    var needsTOTP: Bool { !personalDataRoles.isDisjoint(with: roles) }

    private var personalDataRoles: Set<Role> { Self.personalDataRoles }
}
