import ServiceKit

/// Who reads or changes personal data, in which request, and why: what the audit log records.
struct StaffAccess: Sendable {
    let caller: StaffIdentity
    let requestID: String
    /// Why staff open the record (the `Jardam-Access-Reason` header), if they said.
    let reason: String?
}
