import Foundation
import ServiceKit

/// The MedicalInsurance service of one city.
@main
struct MedicalInsuranceApp {
    static func main() async {
        await ServiceRunner.run(.medicalInsurance, migrations: [], openAPI: Bundle.module.url(forResource: "openapi", withExtension: "json"))
    }
}
