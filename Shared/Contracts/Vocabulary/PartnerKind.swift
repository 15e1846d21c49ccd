/// The kinds of partner organisation.
public struct PartnerKind: Vocabulary {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let lawyer = Self(rawValue: "lawyer")
    public static let ngo = Self(rawValue: "ngo")
    public static let union = Self(rawValue: "union")
    public static let consulate = Self(rawValue: "consulate")

    public static let known: [Self] = [.lawyer, .ngo, .union, .consulate]
}
