/// Where a case stands; only an open case gets new work.
public struct CaseStatus: Vocabulary {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let open = Self(rawValue: "open")
    public static let closed = Self(rawValue: "closed")
    /// The person was erased: final, no version brings the case back.
    public static let erased = Self(rawValue: "erased")
    /// Handed over to another city (CONTRACT.md §7).
    public static let transferred = Self(rawValue: "transferred")

    public static let known: [Self] = [.open, .closed, .erased, .transferred]
}
