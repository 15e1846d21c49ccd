import CivilTime
import Foundation

/// An ISO 8601 week (`2026-W48`): Monday to Sunday, in UTC; week 1 holds the year's first Thursday.
struct ISOWeek: Hashable, Comparable, Sendable, CustomStringConvertible {
    let year: Int
    let week: Int

    /// The week of `text` (`2026-W48`), or `nil` when it is not one (`2026-W53` exists only in
    /// years that have 53 weeks); years 1900 to 2199.
    init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 3, parts[1].first == "W",
            parts[0].allSatisfy({ $0.isASCII && $0.isNumber }), parts[1].dropFirst().allSatisfy({ $0.isASCII && $0.isNumber }),
            let year = Int(parts[0]), let week = Int(parts[1].dropFirst()), (1900...2199).contains(year), week >= 1
        else { return nil }
        self.year = year
        self.week = week
        guard Self(containing: mondayDays) == self else { return nil }
    }

    /// The week that holds `date`.
    init(containing date: Date) {
        self.init(containing: Int((date.timeIntervalSince1970 / 86_400).rounded(.down)))
    }

    /// The week that holds the day `days` after 1970-01-01.
    private init(containing days: Int) {
        let thursday = days - Self.weekday(days) + 3
        let year = CivilCalendar.date(days: thursday).year
        self.year = year
        self.week = (thursday - CivilCalendar.days(year: year, month: 1, day: 1)) / 7 + 1
    }

    /// Days from Monday (0) to Sunday (6); 1970-01-01 was a Thursday.
    private static func weekday(_ days: Int) -> Int { ((days + 3) % 7 + 7) % 7 }

    /// The week's Monday, as days after 1970-01-01.
    private var mondayDays: Int {
        let january4 = CivilCalendar.days(year: year, month: 1, day: 4)
        return january4 - Self.weekday(january4) + (week - 1) * 7
    }

    /// The week's first instant (Monday 00:00 UTC).
    var start: Date { Date(timeIntervalSince1970: TimeInterval(mondayDays) * 86_400) }

    /// The week before.
    var previous: ISOWeek { ISOWeek(containing: mondayDays - 7) }

    var description: String { String(format: "%04d-W%02d", year, week) }

    static func < (lhs: ISOWeek, rhs: ISOWeek) -> Bool { (lhs.year, lhs.week) < (rhs.year, rhs.week) }
}
