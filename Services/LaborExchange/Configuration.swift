import Configuration
import Contracts
import Foundation
import ServiceKit

/// What the labor exchange runs with: the shared settings and its own.
struct LaborConfiguration: Sendable {
    var service: ServiceConfiguration
    /// The regional minimum monthly wage: vacancies below it are not matched
    /// (`JARDAM_MINIMUM_MONTHLY_WAGE`, such as `22440 RUB`: Russia's МРОТ of 2025, the default).
    var minimumWage: Money? = Money(amount: 22_440, currency: "RUB")

    init(service: ServiceConfiguration) { self.service = service }

    /// Reads the environment; the first missing or malformed variable is thrown.
    init(reader: ConfigReader) throws(ConfigurationError) {
        self.init(service: try ServiceConfiguration(reader: reader, service: .laborExchange))
        minimumWage = try reader.value(
            of: "JARDAM_MINIMUM_MONTHLY_WAGE", default: minimumWage, expected: "an amount and a currency such as 22440 RUB"
        ) {
            Self.money($0)
        }
    }

    /// `22440 RUB`: a positive amount and an ISO 4217 code.
    static func money(_ text: String) -> Money? {
        let parts = text.split(separator: " ")
        guard parts.count == 2, let amount = Decimal(string: String(parts[0]), locale: Locale(identifier: "en_US_POSIX")), amount > 0,
            parts[1].count == 3, parts[1].allSatisfy({ $0.isASCII && $0.isUppercase })
        else { return nil }
        return Money(amount: amount, currency: String(parts[1]))
    }
}
