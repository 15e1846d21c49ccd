import ServiceKit

/// The network service's one mapping from domain errors to problems.
extension NetworkError: ProblemConvertible {
    var problem: Problem {
        switch self {
        case .linkToItself: .validation([.init(field: "city", message: "is this city; a city is not linked to itself")])
        case .notLinked(let city): .validation([.init(field: "city", message: "\(city) is not linked to this city")])
        case .cityMismatch: .validation([.init(field: "city", message: "does not match the event's source")])
        case .notForThisCity: .validation([.init(field: "toCity", message: "is another city")])
        case .malformedStatistics: .validation([.init(field: "tables", message: "cannot be summed")])
        }
    }
}
