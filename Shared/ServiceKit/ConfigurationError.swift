/// A required environment variable is missing or malformed; the service must not start.
public struct ConfigurationError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The environment variable at fault (`JARDAM_POSTGRES_URL`).
    public let variable: String
    /// What is wrong with it, without its value (it may be a secret).
    public let problem: String

    public init(variable: String, problem: String) {
        self.variable = variable
        self.problem = problem
    }

    /// One line naming the variable: `JARDAM_DATA_KEY is malformed: expected base64 of 32 bytes`.
    public var description: String { "\(variable) \(problem)" }
}
