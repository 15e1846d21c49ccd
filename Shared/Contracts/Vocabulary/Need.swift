/// What a case asks of the other services; each service acts on its own need.
public struct Need: Vocabulary {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let legal = Self(rawValue: "legal")
    public static let housing = Self(rawValue: "housing")
    public static let medical = Self(rawValue: "medical")
    public static let employment = Self(rawValue: "employment")

    public static let known: [Self] = [.legal, .housing, .medical, .employment]
}

extension Need {
    /// The consent a service needs before it acts on this need: the purpose of the same name.
    public var consentPurpose: ConsentPurpose { ConsentPurpose(rawValue: rawValue) }
}
