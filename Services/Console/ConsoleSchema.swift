import Foundation
import Persistence
import ServiceKit

/// The console's schema: the audit log (ServiceKit's) and its own tables (`Migrations/`).
enum ConsoleSchema {
    static let name = "console"

    /// Every migration of the schema, in order.
    static func migrations() throws -> [Migration] {
        try ServiceKitMigrations.auditLog()
            + Migrator.load(bundled: Bundle.module.url(forResource: "Migrations", withExtension: nil), what: "console")
    }
}
