/// The rules for a city's name in the network: the `JARDAM_CITY` of its deployment, lower-case
/// ASCII letters, digits and hyphens, starting with a letter (it is part of every event's
/// `source`, of routing keys and of the broker's cluster name `jardam-<city>`).
public enum CityName {
    /// Whether `text` is a city's name.
    public static func isValid(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, ("a"..."z").contains(first), text.unicodeScalars.count <= 63 else { return false }
        return text.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }

    /// The city of an event `source` (`jardam://moscow/network` → `moscow`), or `nil`.
    public static func of(source: String) -> String? {
        guard source.hasPrefix("jardam://") else { return nil }
        let parts = source.dropFirst("jardam://".count).split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, isValid(String(parts[0])) else { return nil }
        return String(parts[0])
    }
}
