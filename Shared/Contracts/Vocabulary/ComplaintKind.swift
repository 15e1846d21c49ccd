/// What staff complain of about an employer.
public struct ComplaintKind: Vocabulary {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let unpaidWages = Self(rawValue: "unpaid-wages")
    public static let documentsWithheld = Self(rawValue: "documents-withheld")
    public static let unsafe = Self(rawValue: "unsafe")
    public static let violence = Self(rawValue: "violence")
    public static let discrimination = Self(rawValue: "discrimination")

    public static let known: [Self] = [.unpaidWages, .documentsWithheld, .unsafe, .violence, .discrimination]
}
