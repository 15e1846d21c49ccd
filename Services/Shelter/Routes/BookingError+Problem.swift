import ServiceKit

/// The shelter service's one mapping from domain errors to problems.
extension BookingError: ProblemConvertible {
    var problem: Problem {
        switch self {
        case .unknownShelter: .notFound("shelter")
        case .unknownBooking: .notFound("booking")
        case .noBedFits: .conflict("no beds fit on every night asked for")
        case .illegal(let action, let status): .conflict("a \(status.rawValue) booking cannot be \(action.pastTense)")
        }
    }
}

extension BookingAction {
    /// `checked in`, as a sentence says it.
    var pastTense: String {
        switch self {
        case .confirm: "confirmed"
        case .checkIn: "checked in"
        case .checkOut: "checked out"
        case .cancel: "cancelled"
        case .expire: "released"
        }
    }
}
