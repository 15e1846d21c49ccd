import Messaging
import NIOCore
import Persistence

/// An error whose `description` is written never to contain personal data, SQL parameters or
/// secrets, so it may be logged as it is.
///
/// Any other error is logged by its type name only: its description may quote a value.
public protocol LogSafeError: Error, CustomStringConvertible {}

extension PostgresError: LogSafeError {}
extension MessagingError: LogSafeError {}
extension ConfigurationError: LogSafeError {}
/// A system call and its errno, e.g. `bind(…): Address already in use (errno: 98)`.
extension IOError: LogSafeError {}

/// What may be logged of `error`: the description of a ``LogSafeError``, else the type's name.
public func logSummary(of error: any Error) -> String {
    (error as? any LogSafeError)?.description ?? "an error of type \(String(reflecting: type(of: error)))"
}
