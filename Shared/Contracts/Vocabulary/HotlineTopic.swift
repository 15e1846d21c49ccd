/// What a hotline call was about: the legal issues and the other needs.
public struct HotlineTopic: Vocabulary {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let unpaidWages = Self(rawValue: "unpaid-wages")
    public static let documents = Self(rawValue: "documents")
    public static let workPermit = Self(rawValue: "work-permit")
    public static let police = Self(rawValue: "police")
    public static let violence = Self(rawValue: "violence")
    public static let discrimination = Self(rawValue: "discrimination")
    public static let trafficking = Self(rawValue: "trafficking")
    public static let deportation = Self(rawValue: "deportation")
    public static let repatriation = Self(rawValue: "repatriation")
    public static let housing = Self(rawValue: "housing")
    public static let medical = Self(rawValue: "medical")
    public static let employment = Self(rawValue: "employment")
    public static let information = Self(rawValue: "information")
    public static let other = Self(rawValue: "other")

    public static let known: [Self] = [
        .unpaidWages, .documents, .workPermit, .police, .violence, .discrimination, .trafficking, .deportation, .repatriation, .housing, .medical,
        .employment, .information, .other,
    ]
}
