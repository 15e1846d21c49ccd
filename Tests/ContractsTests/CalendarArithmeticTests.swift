import Contracts
import Foundation
import Testing

@Suite("Day arithmetic is exact and total")
struct CalendarArithmeticTests {
    /// Foundation's Gregorian calendar, as the reference.
    static func reference(_ date: CalendarDate, _ component: Calendar.Component, _ value: Int) -> CalendarDate {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .gmt
        let start = calendar.date(from: DateComponents(year: date.year, month: date.month, day: date.day))!
        return CalendarDate(calendar.date(byAdding: component, value: value, to: start)!)
    }

    /// The same day `months` later, or the month's last day (Foundation's month arithmetic is not
    /// a reference: it gives 1 March for 31 January + 1 month in some years, 28 February in leap
    /// ones); the length of the month comes from Foundation.
    static func monthsLater(_ date: CalendarDate, _ months: Int) -> CalendarDate {
        let index = date.year * 12 + date.month - 1 + months
        let (year, month) = (index / 12, index % 12 + 1)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .gmt
        let first = calendar.date(from: DateComponents(year: year, month: month, day: 1))!
        let length = calendar.range(of: .day, in: .month, for: first)!.count
        return CalendarDate(year: year, month: month, day: min(date.day, length))!
    }

    @Test func daysAndMonthsAgreeWithFoundationOverTheAcceptedYears() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<5_000 {
            let start = CalendarDate(
                dayNumber: Int.random(in: CalendarDate.accepted.lowerBound.dayNumber...CalendarDate.accepted.upperBound.dayNumber, using: &generator))
            let days = Int.random(in: -40_000...40_000, using: &generator)
            let months = Int.random(in: -1_200...1_200, using: &generator)
            #expect(start.adding(days: days) == Self.reference(start, .day, days), "\(start) + \(days) days")
            #expect(start.adding(months: months) == Self.monthsLater(start, months), "\(start) + \(months) months")
            #expect(CalendarDate(dayNumber: start.dayNumber) == start)
        }
        #expect(CalendarDate(year: 1970, month: 1, day: 1)!.dayNumber == 0)
        #expect(CalendarDate(year: 2024, month: 1, day: 31)!.adding(months: 1) == CalendarDate(year: 2024, month: 2, day: 29))
    }

    @Test(arguments: [Int.max, Int.min, 1 << 40, -(1 << 40), 3_000_000])
    func arithmeticFarOutsideTheCalendarStopsAtItsEdgesInsteadOfFailing(_ amount: Int) {
        let day = CalendarDate(year: 9999, month: 12, day: 30)!
        #expect([CalendarDate.first, .last].contains(day.adding(days: amount)) || amount == 3_000_000 && day.adding(days: amount) == .last)
        #expect([CalendarDate.first, .last].contains(day.adding(months: amount)))
        #expect(CalendarDate(Date(timeIntervalSince1970: Double(amount) * 1e6)) <= .last)
    }
}
