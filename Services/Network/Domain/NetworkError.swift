import LogSafety

/// Why the network service refused what it was asked; the routes turn each into a problem
/// (`Routes/NetworkError+Problem.swift`); the reactions dead-letter an event they cannot take,
/// with the description as the reason (city names only: no personal data).
enum NetworkError: Error, Equatable, LogSafeError {
    /// A link to this city itself.
    case linkToItself
    /// An event of another city arrived from a city that is not linked.
    case notLinked(String)
    /// An event's `source` does not name the city its data says decided it.
    case cityMismatch(source: String, data: String)
    /// A case handed over to another city reached this one.
    case notForThisCity(String)
    /// A city's statistics whose week does not exist or whose tables cannot be summed.
    case malformedStatistics(String)

    var description: String {
        switch self {
        case .linkToItself: "a city is not linked to itself"
        case .notLinked(let city): "an event from \(city), which is not linked to this city"
        case .cityMismatch(let source, let city): "an event from \(source) says it was decided in \(city)"
        case .notForThisCity(let city): "a case handed over to \(city) reached this city"
        case .malformedStatistics(let city): "statistics from \(city) with a week that does not exist or a table that cannot be summed"
        }
    }
}
