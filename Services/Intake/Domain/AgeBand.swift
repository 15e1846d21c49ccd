import Contracts

/// The age band events carry instead of a birth date.
enum AgeBand {
    /// `0-17`, `18-24`, `25-34`, `35-44`, `45-54`, `55-64`, `65+`; `unknown` without a birth date.
    static func of(birthDate: CalendarDate?, on day: CalendarDate) -> String {
        guard let birthDate else { return "unknown" }
        var age = day.year - birthDate.year
        if (day.month, day.day) < (birthDate.month, birthDate.day) { age -= 1 }
        switch age {
        case ..<0: return "unknown"
        case 0...17: return "0-17"
        case 18...24: return "18-24"
        case 25...34: return "25-34"
        case 35...44: return "35-44"
        case 45...54: return "45-54"
        case 55...64: return "55-64"
        default: return "65+"
        }
    }
}
