import Foundation
import Persistence
import ServiceKit

/// The console's schema: the audit log (ServiceKit's) and its own tables (`Migrations/`).
public enum ConsoleSchema {
    /// The schema of a city's console.
    public static let name = "console"

    /// Every migration of the schema, in order.
    public static func migrations() throws -> [Migration] {
        try ServiceKitMigrations.auditLog()
            + Migrator.load(bundled: Bundle.module.url(forResource: "Migrations", withExtension: nil), what: "the console's")
    }
}
