/// Why a receiving city refuses a case handed over to it.
public struct TransferRejection: Vocabulary {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    /// The person is not, or no longer, in that city.
    public static let notInCity = Self(rawValue: "not-in-city")
    /// That city already has her case.
    public static let duplicate = Self(rawValue: "duplicate")
    /// That city cannot take the case now.
    public static let noCapacity = Self(rawValue: "no-capacity")
    public static let other = Self(rawValue: "other")

    public static let known: [Self] = [.notInCity, .duplicate, .noCapacity, .other]
}
