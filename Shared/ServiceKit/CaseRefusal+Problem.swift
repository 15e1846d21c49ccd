import Eventing

/// How every service answers a refused case: 404 (422 for an id in a body), 409, or 409
/// `consent-required` naming the purpose.
extension CaseRefusal: ProblemConvertible {
    public var problem: Problem {
        switch self {
        case .unknown(nil): .notFound("case")
        case .unknown(let field?): .validation([.init(field: field, message: "no such case")])
        case .notOpen(let status): .conflict("the case is \(status.rawValue): only an open case gets new work")
        case .consentRequired(let purpose):
            Problem(
                status: .conflict, type: "consent-required", title: "Consent required",
                detail: "the case has no consent for \(purpose.rawValue)", purpose: purpose.rawValue)
        }
    }
}
