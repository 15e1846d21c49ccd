/// The period a wage is paid for.
public struct WagePeriod: Vocabulary {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let hour = Self(rawValue: "hour")
    public static let day = Self(rawValue: "day")
    public static let week = Self(rawValue: "week")
    public static let month = Self(rawValue: "month")

    public static let known: [Self] = [.hour, .day, .week, .month]
}
