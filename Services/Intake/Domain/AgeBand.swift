import Contracts

extension AgeBand {
    /// The band of someone born on `birthDate`, on `day`; `unknown` without a birth date.
    init(birthDate: CalendarDate?, on day: CalendarDate) {
        guard let birthDate else {
            self = .unknown
            return
        }
        var age = day.year - birthDate.year
        if (day.month, day.day) < (birthDate.month, birthDate.day) { age -= 1 }
        switch age {
        case ..<0: self = .unknown
        case 0...17: self = .under18
        case 18...24: self = .from18To24
        case 25...34: self = .from25To34
        case 35...44: self = .from35To44
        case 45...54: self = .from45To54
        case 55...64: self = .from55To64
        default: self = .over64
        }
    }
}
