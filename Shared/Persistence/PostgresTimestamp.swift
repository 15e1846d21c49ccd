import CivilTime
import Foundation

/// `timestamptz` in PostgreSQL's ISO text form, to the microsecond, without a formatter's locale.
enum PostgresTimestamp {
    /// `2026-11-23T10:00:00.123456Z`.
    static func format(_ date: Date) -> String {
        let micros = microseconds(of: date)
        var days = micros / 86_400_000_000
        var rest = micros % 86_400_000_000
        if rest < 0 {
            rest += 86_400_000_000
            days -= 1
        }
        let (year, month, day) = CivilCalendar.date(days: Int(days))
        let seconds = rest / 1_000_000
        let fraction = rest % 1_000_000
        func pad(_ value: some BinaryInteger, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(seconds / 3600, 2)):"
            + "\(pad(seconds / 60 % 60, 2)):\(pad(seconds % 60, 2)).\(pad(fraction, 6))Z"
    }

    /// Reads what PostgreSQL prints with `DateStyle = ISO`: `2026-11-23 10:00:00.123456+03:30`.
    static func parse(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        var index = 0
        func number(_ width: Int) -> Int64? {
            guard index + width <= bytes.count else { return nil }
            var value: Int64 = 0
            for byte in bytes[index..<index + width] {
                guard (48...57).contains(byte) else { return nil }
                value = value * 10 + Int64(byte - 48)
            }
            index += width
            return value
        }
        func expect(_ characters: String) -> Bool {
            guard index < bytes.count, characters.utf8.contains(bytes[index]) else { return false }
            index += 1
            return true
        }
        guard let year = number(4), expect("-"), let month = number(2), expect("-"),
            let day = number(2), expect(" T"), let hour = number(2), expect(":"),
            let minute = number(2), expect(":"), let second = number(2)
        else { return nil }
        var micros: Int64 = 0
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            var scale: Int64 = 100_000
            while index < bytes.count, (48...57).contains(bytes[index]) {
                micros += Int64(bytes[index] - 48) * scale
                scale /= 10
                index += 1
            }
        }
        var offsetSeconds: Int64 = 0
        if index < bytes.count, bytes[index] == UInt8(ascii: "Z") {
            index += 1
        } else if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
            let sign: Int64 = bytes[index] == UInt8(ascii: "-") ? -1 : 1
            index += 1
            guard let hours = number(2) else { return nil }
            var minutes: Int64 = 0
            var seconds: Int64 = 0
            if expect(":") { guard let m = number(2) else { return nil }; minutes = m }
            if expect(":") { guard let s = number(2) else { return nil }; seconds = s }
            offsetSeconds = sign * (hours * 3600 + minutes * 60 + seconds)
        } else {
            return nil
        }
        guard index == bytes.count, (1...12).contains(month), (1...31).contains(day), hour < 24,
            minute < 60, second < 61
        else { return nil }
        let days = Int64(CivilCalendar.days(year: Int(year), month: Int(month), day: Int(day)))
        let total = ((days * 86_400 + hour * 3600 + minute * 60 + second) - offsetSeconds) * 1_000_000 + micros
        return Date(timeIntervalSince1970: Double(total) / 1_000_000)
    }

    /// The microseconds since 1970 a `timestamptz` keeps of `date`.
    static func microseconds(of date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1_000_000).rounded()) }
}

extension Date {
    /// This instant as a `timestamptz` keeps it (to the microsecond): equal to what is read back
    /// after writing it, so a response built from the value written says what a later read says.
    public var roundedForPostgres: Date { Date(timeIntervalSince1970: Double(PostgresTimestamp.microseconds(of: self)) / 1_000_000) }
}
