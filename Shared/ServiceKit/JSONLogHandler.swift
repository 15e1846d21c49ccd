import Foundation
import Logging
import Synchronization

/// Writes each log event as one JSON line on standard output.
///
/// Fields: `time`, `level`, `logger`, `message`, then the metadata with its dotted keys
/// (`case.id`). Values are never personal data: callers log ids, not names.
public struct JSONLogHandler: LogHandler {
    private static let output = Mutex(FileHandle.standardOutput)

    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    public var logLevel: Logger.Level
    private let label: String

    public init(label: String, level: Logger.Level, metadataProvider: Logger.MetadataProvider? = nil) {
        self.label = label
        self.logLevel = level
        self.metadataProvider = metadataProvider
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { $1 } }
        if let own = event.metadata { merged.merge(own) { $1 } }
        let line = Self.line(
            time: Date(), level: event.level, label: label, message: event.message.description,
            metadata: merged)
        Self.output.withLock { $0.write(Data(line.utf8)) }
    }

    /// The JSON line for one event; fields in a fixed order, metadata keys sorted.
    static func line(time: Date, level: Logger.Level, label: String, message: String, metadata: Logger.Metadata) -> String {
        var line = "{\"time\":\"\(time.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true)))\""
        line += ",\"level\":\(quoted(level.rawValue)),\"logger\":\(quoted(label)),\"message\":\(quoted(message))"
        for key in metadata.keys.sorted() where key != "time" && key != "level" && key != "logger" && key != "message" {
            line += ",\(quoted(key)):\(quoted(metadata[key]!.description))"
        }
        return line + "}\n"
    }

    private static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
