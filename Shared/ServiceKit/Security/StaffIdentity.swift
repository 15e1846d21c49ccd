import Foundation

/// Who is calling: the verified claims of a staff token.
public struct StaffIdentity: Sendable, Equatable {
    /// The token's `sub`: a staff account name, never a migrant's.
    public let subject: String
    public let roles: Set<Role>
    public let city: String
    /// The partner organisation of partner staff (`lawyer`), from the `partner` claim.
    public let partner: UUID?

    public init(subject: String, roles: Set<Role>, city: String, partner: UUID?) {
        self.subject = subject
        self.roles = roles
        self.city = city
        self.partner = partner
    }

    /// Whether every role the caller holds is a partner's: such a caller sees only its own objects.
    public var isPartnerStaff: Bool { !roles.isEmpty && roles.isSubset(of: [.lawyer]) }

    /// Object-level check for partner-scoped objects (a referral sent to `objectPartner`).
    ///
    /// Center staff see every object; partner staff only those of their own partner. The routes
    /// answer anything else as if it did not exist (404), so that ids of others reveal nothing.
    public func sees(partnerOf objectPartner: UUID?) -> Bool {
        guard isPartnerStaff else { return true }
        return partner != nil && partner == objectPartner
    }
}
