import Contracts
import Foundation
import Persistence

/// The tables Eventing keeps in a service's schema, as numbered `.sql` files in
/// `Shared/Eventing/Migrations` (versions 1–99 are shared with ServiceKit's; a service's own
/// start at 100).
public enum EventingMigrations {
    /// The outbox and the inbox, which every service has.
    public static func everyService() throws -> [Migration] { try bundled("every-service") }

    /// The cases intake announced (``CaseProjection``), for the services that act on them.
    public static func caseProjection() throws -> [Migration] { try bundled("case-projection") }

    private static func bundled(_ folder: String) throws -> [Migration] {
        try Migrator.load(bundled: Bundle.module.url(forResource: "Migrations/\(folder)", withExtension: nil), what: "Eventing's \(folder)")
    }
}
