import ConsoleAccounts
import Contracts
import Foundation
import ServiceKit

/// Money as each page language writes it (`15 000,00 ₽`, `RUB 15,000.00`).
enum MoneyWords {
    /// `money` (`{amount, currency}`, as the services send it) in `language`'s currency format;
    /// the amount as sent when it is not a number.
    static func format(_ money: JSONValue, in language: ConsoleLanguage) -> String {
        guard let amount = money["amount"].string, let currency = money["currency"].string else { return "" }
        guard let value = Decimal(string: amount, locale: Locale(identifier: "en_US_POSIX")) else { return "\(amount) \(currency)" }
        let formatter = NumberFormatter()
        formatter.locale = Locale(identifier: language.rawValue)
        formatter.numberStyle = .currency
        formatter.currencyCode = currency
        return formatter.string(from: value as NSDecimalNumber) ?? "\(amount) \(currency)"
    }
}
