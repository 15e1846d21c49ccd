import Contracts

/// Appeals (referrals opened) of a period, counted by issue, language, sex and month; every
/// count under 5 is suppressed (`null`).
struct AppealStatistics: Codable, Sendable, Equatable {
    struct Cell: Codable, Sendable, Equatable {
        let key: String
        /// `nil` when 1 to 4: too few to show without singling someone out.
        let count: Int?
        let suppressed: Bool
    }

    let from: CalendarDate
    let to: CalendarDate
    let total: Int?
    let byIssue: [Cell]
    let byLanguage: [Cell]
    let bySex: [Cell]
    /// `YYYY-MM`.
    let byMonth: [Cell]
    let resolved: Int?
}
