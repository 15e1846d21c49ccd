/// What a consent allows (CONTRACT.md §5a); the first four match the needs.
public struct ConsentPurpose: Vocabulary {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let legal = Self(rawValue: "legal")
    public static let housing = Self(rawValue: "housing")
    public static let medical = Self(rawValue: "medical")
    public static let employment = Self(rawValue: "employment")
    public static let partnerSharing = Self(rawValue: "partner-sharing")
    public static let research = Self(rawValue: "research")
    /// Handing the case over to another city (CONTRACT.md §7).
    public static let transfer = Self(rawValue: "transfer")

    public static let known: [Self] = [.legal, .housing, .medical, .employment, .partnerSharing, .research, .transfer]
}
