/// How the person reached the center.
public struct Channel: Vocabulary {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let hotline = Self(rawValue: "hotline")
    public static let walkIn = Self(rawValue: "walk-in")
    public static let partner = Self(rawValue: "partner")
    public static let online = Self(rawValue: "online")
    /// Handed over from another city's center (CONTRACT.md §7).
    public static let transfer = Self(rawValue: "transfer")

    public static let known: [Self] = [.hotline, .walkIn, .partner, .online, .transfer]
}
