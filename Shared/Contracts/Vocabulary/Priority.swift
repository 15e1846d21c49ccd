/// How soon a case needs help, judged from its vulnerabilities.
public struct Priority: Vocabulary {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let urgent = Self(rawValue: "urgent")
    public static let high = Self(rawValue: "high")
    public static let normal = Self(rawValue: "normal")

    public static let known: [Self] = [.urgent, .high, .normal]
}
