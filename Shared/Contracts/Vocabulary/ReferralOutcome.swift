/// How a resolved referral ended: a closed list, so that no free text reaches an event.
public struct ReferralOutcome: Vocabulary {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let wagesRecovered = Self(rawValue: "wages-recovered")
    public static let documentsReturned = Self(rawValue: "documents-returned")
    public static let settled = Self(rawValue: "settled")
    public static let won = Self(rawValue: "won")
    public static let lost = Self(rawValue: "lost")
    public static let adviceGiven = Self(rawValue: "advice-given")
    public static let dropped = Self(rawValue: "dropped")
    public static let other = Self(rawValue: "other")

    public static let known: [Self] = [.wagesRecovered, .documentsReturned, .settled, .won, .lost, .adviceGiven, .dropped, .other]
}
