import HTTPTypes
import Hummingbird
import ServiceKit

extension StaffAccess {
    /// The longest reason the audit keeps, in Unicode scalars as OpenAPI's `maxLength` counts.
    static let reasonMaxLength = 200

    /// The access of `caller` in `request`; a reason longer than the audit keeps is a 422 naming the header.
    init(caller: StaffIdentity, request: Request, context: JardamRequestContext) throws {
        let reason = request.headers[.accessReason]
        if let reason, reason.unicodeScalars.count > Self.reasonMaxLength {
            throw Problem.validation([
                .init(field: HTTPField.Name.accessReason.rawName, message: "must be at most \(Self.reasonMaxLength) characters")
            ])
        }
        self.init(caller: caller, requestID: context.id, reason: reason)
    }
}

extension HTTPField.Name {
    /// Why staff open a person's record (`Jardam-Access-Reason: hotline call back`); kept in the audit.
    static let accessReason = Self("Jardam-Access-Reason")!
}
