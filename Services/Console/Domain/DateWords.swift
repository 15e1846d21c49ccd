import ConsoleAccounts
import Foundation

/// Dates as each page language writes them.
enum DateWords {
    /// An RFC 3339 time (as the services send them) in `language`'s medium date and short time,
    /// in the city's time zone (Moscow time for the cities of today's network).
    static func format(_ text: String?, in language: ConsoleLanguage, timeZone: TimeZone = TimeZone(identifier: "Europe/Moscow")!) -> String {
        guard let text, let date = instant(text) else { return "" }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: language.rawValue)
        formatter.timeZone = timeZone
        formatter.dateStyle = .medium
        formatter.timeStyle = .short
        return formatter.string(from: date)
    }

    /// The instant an RFC 3339 time names, with or without fractional seconds.
    static func instant(_ text: String) -> Date? {
        let withFraction = ISO8601DateFormatter()
        withFraction.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return withFraction.date(from: text) ?? ISO8601DateFormatter().date(from: text)
    }
}
