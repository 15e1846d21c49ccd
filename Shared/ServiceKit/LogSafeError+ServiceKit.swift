import LogSafety
import NIOCore

extension ConfigurationError: LogSafeError {}
/// A system call and its errno, e.g. `bind(…): Address already in use (errno: 98)`.
extension IOError: LogSafeError {}
