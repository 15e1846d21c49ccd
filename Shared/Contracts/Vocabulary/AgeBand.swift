/// An age as the other services see it: a band, never a birth date.
public struct AgeBand: Vocabulary {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let under18 = Self(rawValue: "0-17")
    public static let from18To24 = Self(rawValue: "18-24")
    public static let from25To34 = Self(rawValue: "25-34")
    public static let from35To44 = Self(rawValue: "35-44")
    public static let from45To54 = Self(rawValue: "45-54")
    public static let from55To64 = Self(rawValue: "55-64")
    public static let over64 = Self(rawValue: "65+")
    public static let unknown = Self(rawValue: "unknown")

    public static let known: [Self] = [.under18, .from18To24, .from25To34, .from35To44, .from45To54, .from55To64, .over64, .unknown]
}
