import ServiceKit

/// Medical-insurance's one mapping from domain errors to problems.
extension MedicalError: ProblemConvertible {
    var problem: Problem {
        switch self {
        case .insurerExists: .conflict("an insurer of that name exists")
        case .insurerNotFound: .notFound("insurer")
        case .planExists: .conflict("the insurer already has a plan of that name")
        case .planNotFound: .notFound("plan")
        case .unknownPlan: .validation([.init(field: "planId", message: "is not a plan")])
        case .policyNotFound: .notFound("policy")
        case .priceList(let errors):
            // 422 with every error as `row N: field`.
            Problem(
                status: .unprocessableContent, type: "validation", title: "Validation failed",
                detail: "the price list has \(errors.count) error(s); nothing was imported",
                errors: errors.map { .init(field: "row \($0.row): \($0.field)", message: $0.message) })
        }
    }
}
