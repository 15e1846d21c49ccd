import Foundation
import ServiceKit

/// The LegalReferral service of one city.
@main
struct LegalReferralApp {
    static func main() async {
        await ServiceRunner.run(.legalReferral, migrations: [], openAPI: Bundle.module.url(forResource: "openapi", withExtension: "json"))
    }
}
