/// As the person states it.
public struct Sex: Vocabulary {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let female = Self(rawValue: "female")
    public static let male = Self(rawValue: "male")
    public static let unknown = Self(rawValue: "unknown")

    public static let known: [Self] = [.female, .male, .unknown]
}
