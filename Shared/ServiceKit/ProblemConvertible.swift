/// A service's domain error that its routes answer as an RFC 9457 problem: each service maps its
/// errors in one place (`Routes/<Error>+Problem.swift`), and ``ProblemMiddleware`` sends them.
public protocol ProblemConvertible: Error {
    /// The problem a client gets for this error; never personal data.
    var problem: Problem { get }
}
