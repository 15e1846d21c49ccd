import Configuration
import Contracts
import Foundation
import ServiceKit

/// The labor exchange of one city: employers, vacancies, matching, placements and follow-ups.
@main
struct LaborExchangeApp {
    static func main() async {
        let migrations = ServiceRunner.bundledMigrations(Bundle.module.url(forResource: "Migrations", withExtension: nil), of: .laborExchange)
        // JARDAM_MINIMUM_MONTHLY_WAGE: the regional minimum, "22440 RUB" (the default).
        var minimumWage = LaborAPI.defaultMinimumWage
        if let text = ConfigReader(provider: EnvironmentVariablesProvider()).string(forKey: ConfigKey(["jardam", "minimum", "monthly", "wage"])) {
            let parts = text.split(separator: " ")
            guard parts.count == 2, let amount = Decimal(string: String(parts[0]), locale: Locale(identifier: "en_US_POSIX")), amount > 0,
                parts[1].count == 3, parts[1].allSatisfy({ $0.isASCII && $0.isUppercase })
            else {
                FileHandle.standardError.write(
                    Data("labor-exchange: configuration error: JARDAM_MINIMUM_MONTHLY_WAGE must look like \"22440 RUB\"\n".utf8))
                exit(2)
            }
            minimumWage = Money(amount: amount, currency: String(parts[1]))
        }
        let minimum = minimumWage
        await ServiceRunner.run(
            .laborExchange, migrations: migrations, openAPI: Bundle.module.url(forResource: "openapi", withExtension: "json"),
            routes: { router, environment in LaborAPI(environment: environment, minimumWage: minimum).addRoutes(to: router) },
            events: { environment in LaborAPI(environment: environment, minimumWage: minimum).eventHandlers })
    }
}
