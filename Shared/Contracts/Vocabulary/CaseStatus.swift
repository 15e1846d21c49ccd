/// Where a case stands; only an open case gets new work.
public struct CaseStatus: Vocabulary {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let open = Self(rawValue: "open")
    public static let closed = Self(rawValue: "closed")

    public static let known: [Self] = [.open, .closed]
}
