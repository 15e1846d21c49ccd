import Foundation
import ServiceKit

/// The Shelter service of one city.
@main
struct ShelterApp {
    static func main() async {
        await ServiceRunner.run(.shelter, migrations: [], openAPI: Bundle.module.url(forResource: "openapi", withExtension: "json"))
    }
}
