/// An error whose `description` is written never to contain personal data, SQL parameters or
/// secrets, so it may be logged as it is.
///
/// Any other error is logged by its type name only: its description may quote a value.
public protocol LogSafeError: Error, CustomStringConvertible {}

/// What may be logged of `error`: the description of a ``LogSafeError``, else the type's name.
public func logSummary(of error: any Error) -> String {
    (error as? any LogSafeError)?.description ?? "an error of type \(String(reflecting: type(of: error)))"
}
