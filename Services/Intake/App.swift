import Foundation
import ServiceKit

/// The Intake service of one city.
@main
struct IntakeApp {
    static func main() async {
        await ServiceRunner.run(.intake, migrations: [], openAPI: Bundle.module.url(forResource: "openapi", withExtension: "json"))
    }
}
