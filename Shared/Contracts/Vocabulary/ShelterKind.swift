/// Dormitories lodge newcomers looking for work; crisis shelters protect people escaping violence or
/// trafficking, and their address may be confidential.
public struct ShelterKind: Vocabulary {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let dormitory = Self(rawValue: "dormitory")
    public static let crisis = Self(rawValue: "crisis")

    public static let known: [Self] = [.dormitory, .crisis]
}
