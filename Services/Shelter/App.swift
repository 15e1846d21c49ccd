import Foundation
import Persistence
import ServiceKit

/// The shelter service of one city: shelters, availability, holds, bookings and the waitlist.
@main
struct ShelterApp {
    static func main() async {
        let migrations: [Migration]
        do {
            migrations = try Migrator.load(from: Bundle.module.url(forResource: "Migrations", withExtension: nil)!)
        } catch {
            FileHandle.standardError.write(Data("shelter: the migrations are missing from the build: \(error)\n".utf8))
            exit(1)
        }
        await ServiceRunner.run(
            .shelter, migrations: migrations, openAPI: Bundle.module.url(forResource: "openapi", withExtension: "json"),
            routes: { router, environment in ShelterAPI(environment: environment).addRoutes(to: router) },
            events: { environment in ShelterAPI(environment: environment).eventHandlers },
            workers: { environment in
                let api = ShelterAPI(environment: environment)
                return [PeriodicTask(name: "hold-expiry", every: .seconds(30), logger: environment.logger) { _ = try await api.releaseExpiredHolds(now: Date()) }]
            })
    }
}
