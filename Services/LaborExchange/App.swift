import Foundation
import ServiceKit

/// The LaborExchange service of one city.
@main
struct LaborExchangeApp {
    static func main() async {
        await ServiceRunner.run(.laborExchange, migrations: [], openAPI: Bundle.module.url(forResource: "openapi", withExtension: "json"))
    }
}
