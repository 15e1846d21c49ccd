import Contracts
import Foundation

/// How often a wage is paid.
enum WagePeriod: String, CaseIterable, Codable, Sendable {
    case hour, day, week, month

    /// Months' worth of this period, the usual full-time convention: 165 hours, 21 days,
    /// 4.33 weeks a month.
    var perMonth: Decimal {
        switch self {
        case .hour: 165
        case .day: 21
        case .week: Decimal(string: "4.33")!
        case .month: 1
        }
    }

    /// `amount` per this period as a monthly amount, for comparison.
    func monthly(_ amount: Decimal) -> Decimal { amount * perMonth }
}
