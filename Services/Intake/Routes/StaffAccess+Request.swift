import HTTPTypes
import Hummingbird
import ServiceKit

extension StaffAccess {
    /// The access of `caller` in `request`.
    init(caller: StaffIdentity, request: Request, context: JardamRequestContext) {
        self.init(caller: caller, requestID: context.id, reason: request.headers[.accessReason].map { String($0.prefix(200)) })
    }
}

extension HTTPField.Name {
    /// Why staff open a person's record (`Jardam-Access-Reason: hotline call back`); kept in the audit.
    static let accessReason = Self("Jardam-Access-Reason")!
}
