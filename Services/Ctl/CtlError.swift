import ArgumentParser
import Foundation
import Messaging

/// A failure of `jardamctl` to print as one line, with exit status 1.
struct CtlError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Runs a command body, printing a ``CtlError`` (or a broker failure) as one line with exit
/// status 1.
func reportingFailures(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let error as CtlError {
        FileHandle.standardError.write(Data("jardamctl: \(error.description)\n".utf8))
        throw ExitCode(1)
    } catch let error as MessagingError {
        FileHandle.standardError.write(Data("jardamctl: \(error.description)\n".utf8))
        throw ExitCode(1)
    }
}
