import Foundation

/// A city's environment file as `scripts/servers.sh` writes it (`.run/<city>/env`): one
/// `NAME=value` per line, the value bare or in single quotes, `#` starting a comment line.
///
/// What reads another city's variables without sourcing them into its own process: the demo's
/// second city, the network tests' three.
public enum EnvironmentFile {
    /// The variables of the file at `path`.
    public static func read(_ path: String) throws -> [String: String] {
        parse(try String(contentsOfFile: path, encoding: .utf8))
    }

    /// The variables of `text`.
    public static func parse(_ text: String) -> [String: String] {
        var variables: [String: String] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            var value = line[line.index(after: equals)...]
            if value.count >= 2, value.hasPrefix("'"), value.hasSuffix("'") { value = value.dropFirst().dropLast() }
            variables[String(line[..<equals])] = String(value)
        }
        return variables
    }
}
