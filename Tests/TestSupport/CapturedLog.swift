import Foundation
import Logging

/// A log handler that keeps every message with its metadata, for tests that read the log.
public final class CapturedLog: LogHandler, @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [String] = []
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .trace
    public var metadataProvider: Logger.MetadataProvider?

    public init() {}

    /// Every message logged so far, each with its metadata.
    public var lines: [String] { lock.withLock { stored } }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        let line = "\(event.message) \(event.metadata ?? [:])"
        lock.withLock { stored.append(line) }
    }
}
