import ServiceKit

/// Intake's one mapping from domain errors to problems.
extension IntakeError: ProblemConvertible {
    var problem: Problem {
        switch self {
        case .personNotFound: .notFound("person")
        case .unknownPerson: .validation([.init(field: "personId", message: "is not a person on record")])
        case .erasedPerson: .validation([.init(field: "personId", message: "belongs to an erased person")])
        case .mergedPerson(let into): .validation([.init(field: "personId", message: "was merged into \(into.lowercased); use that person")])
        case .mergeIntoItself: .validation([.init(field: "intoId", message: "must be another person")])
        case .unknownMergeTarget: .validation([.init(field: "intoId", message: "is not a person on record")])
        case .alreadyMerged(let into): .conflict("the person was already merged into \(into.lowercased)")
        case .targetMerged(let into): .conflict("the target was itself merged into \(into.lowercased); merge into that one")
        case .caseNotFound: .notFound("case")
        case .unknownCase: .validation([.init(field: "caseId", message: "is not a case on record")])
        case .caseClosed: .conflict("the case is closed; it can no longer change")
        case .assignmentRefused:
            Problem(
                status: .forbidden, type: "forbidden", title: "Forbidden",
                detail: "a caseworker takes a case nobody works for herself, or lets go of her own; a supervisor assigns any")
        case .caseNotOpen(let status): .conflict("the case is \(status.rawValue); it can no longer change")
        case .consentOnClosedCase: .conflict("the case is closed; consent can only be withdrawn")
        case .consentNotFound: .notFound("consent")
        case .callNotFound: .notFound("call")
        case .transferToThisCity: .validation([.init(field: "toCity", message: "is this city; a case is handed over to another city")])
        case .cityNotLinked(let city): .validation([.init(field: "toCity", message: "\(city) is not linked to this city")])
        case .transferPending: .conflict("the case already waits for another city's answer to a transfer")
        case .transferNotFound: .notFound("transfer")
        case .transferNotPending(let status): .conflict("the transfer is \(status) already")
        case .transferUnopenable: .conflict("the person handed over does not open with this city's transfer key (JARDAM_TRANSFER_KEY)")
        case .transferBreaksRules(let fields):
            .conflict(
                "the person handed over breaks this city's rules for \(Set(fields).sorted().joined(separator: ", ")); reject the transfer (reason other)"
            )
        }
    }
}
