import CivilTime
import Foundation

/// Instants as they travel (CONTRACT.md §3): RFC 3339 in UTC with milliseconds,
/// `2026-11-23T10:00:00.000Z`.
public enum RFC3339 {
    /// `date` in the wire form, truncated to the millisecond.
    public static func string(from date: Date) -> String {
        let (days, millisecondOfDay) = milliseconds(of: date).quotientAndRemainderFlooring(dividingBy: 86_400_000)
        let civil = CivilCalendar.date(days: days)
        let seconds = millisecondOfDay / 1000
        var text = pad(civil.year, 4) + "-" + pad(civil.month, 2) + "-" + pad(civil.day, 2)
        text += "T" + pad(seconds / 3600, 2) + ":" + pad(seconds / 60 % 60, 2) + ":" + pad(seconds % 60, 2)
        text += "." + pad(millisecondOfDay % 1000, 3) + "Z"
        return text
    }

    /// `date` as the wire keeps it: truncated to the millisecond, exactly the `Date` its
    /// ``string(from:)`` reads back as.
    public static func truncated(_ date: Date) -> Date {
        let (seconds, milliseconds) = milliseconds(of: date).quotientAndRemainderFlooring(dividingBy: 1000)
        return instant(seconds: seconds, nanoseconds: milliseconds * 1_000_000)
    }

    /// Whole milliseconds since 1970, truncated. The instant is first rounded to the microsecond
    /// (as PostgreSQL keeps it), so that a time read from `.358` is not taken for `.357999…`.
    private static func milliseconds(of date: Date) -> Int {
        Int((date.timeIntervalSince1970 * 1_000_000).rounded()).quotientAndRemainderFlooring(dividingBy: 1000).0
    }

    /// The one way an instant is made from its parts, so that writing and reading agree to the bit.
    private static func instant(seconds: Int, nanoseconds: Int) -> Date {
        Date(timeIntervalSince1970: Double(seconds) + Double(nanoseconds) / 1_000_000_000)
    }

    /// Reads an RFC 3339 date-time: `T` (or `t`) between date and time, seconds with any
    /// fraction, `Z` or an offset such as `+03:00`; `nil` for anything else.
    public static func date(from text: some StringProtocol) -> Date? {
        var reader = DigitReader(Array(text.utf8))
        guard let year = reader.number(4), reader.skip("-"), let month = reader.number(2), reader.skip("-"),
            let day = reader.number(2), reader.skip("T") || reader.skip("t"),
            let hour = reader.number(2), reader.skip(":"), let minute = reader.number(2), reader.skip(":"),
            let second = reader.number(2),
            (1...12).contains(month), (1...CalendarDate.daysIn(month: month, year: year)).contains(day),
            hour < 24, minute < 60, second <= 60
        else { return nil }
        var nanoseconds = 0
        if reader.skip(".") {
            guard let digits = reader.nanoseconds() else { return nil }
            nanoseconds = digits
        }
        var offsetSeconds = 0
        if reader.skip("Z") || reader.skip("z") {
        } else if let sign = reader.sign(), let offsetHours = reader.number(2), reader.skip(":"),
            let offsetMinutes = reader.number(2), offsetHours < 24, offsetMinutes < 60
        {
            offsetSeconds = sign * (offsetHours * 3600 + offsetMinutes * 60)
        } else {
            return nil
        }
        guard reader.atEnd else { return nil }
        let days = CivilCalendar.days(year: year, month: month, day: day)
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds
        return instant(seconds: seconds, nanoseconds: nanoseconds)
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    /// Reads fixed-width ASCII digits and separators from the front of a text.
    private struct DigitReader {
        let bytes: [UInt8]
        var index = 0

        init(_ bytes: [UInt8]) { self.bytes = bytes }

        var atEnd: Bool { index == bytes.count }

        mutating func number(_ width: Int) -> Int? {
            guard index + width <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[index..<index + width] {
                guard (0x30...0x39).contains(byte) else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            index += width
            return value
        }

        mutating func skip(_ character: Unicode.Scalar) -> Bool {
            guard index < bytes.count, bytes[index] == UInt8(ascii: character) else { return false }
            index += 1
            return true
        }

        mutating func sign() -> Int? {
            if skip("+") { return 1 }
            if skip("-") { return -1 }
            return nil
        }

        /// One or more digits after the decimal point, as nanoseconds (digits past the ninth dropped).
        mutating func nanoseconds() -> Int? {
            var value = 0
            var count = 0
            while index < bytes.count, (0x30...0x39).contains(bytes[index]) {
                if count < 9 { value = value * 10 + Int(bytes[index] - 0x30) }
                count += 1
                index += 1
            }
            guard count > 0 else { return nil }
            for _ in min(count, 9)..<9 { value *= 10 }
            return value
        }
    }
}

extension Int {
    /// Quotient rounded towards minus infinity, and the matching non-negative remainder.
    fileprivate func quotientAndRemainderFlooring(dividingBy divisor: Int) -> (Int, Int) {
        let (quotient, remainder) = quotientAndRemainder(dividingBy: divisor)
        return remainder < 0 ? (quotient - 1, remainder + divisor) : (quotient, remainder)
    }
}
