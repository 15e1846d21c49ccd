import Contracts
import Foundation

extension WagePeriod {
    /// Months' worth of this period, the usual full-time convention: 165 hours, 21 days,
    /// 4.33 weeks a month; a period this release does not know counts as a month.
    var perMonth: Decimal {
        switch self {
        case .hour: 165
        case .day: 21
        case .week: Decimal(string: "4.33")!
        default: 1
        }
    }

    /// `amount` per this period as a monthly amount, for comparison.
    func monthly(_ amount: Decimal) -> Decimal { amount * perMonth }
}
