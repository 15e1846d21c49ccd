import Contracts
import Eventing
import Foundation
import Persistence

/// The tables ServiceKit keeps in a service's schema (the audit log, idempotency keys and, where
/// personal data is held, the vault's person keys), as numbered `.sql` files in
/// `Shared/ServiceKit/Migrations`, and the whole set a service's schema needs.
public enum ServiceKitMigrations {
    /// What `service`'s schema needs of ServiceKit and Eventing, before its own migrations.
    public static func all(for service: ServiceIdentity) throws -> [Migration] {
        try EventingMigrations.everyService() + bundled("every-service")
            + (service.holdsPersonalData ? bundled("personal-data") : [])
            + (service.keepsCaseProjection ? EventingMigrations.caseProjection() : [])
    }

    private static func bundled(_ folder: String) throws -> [Migration] {
        try Migrator.load(bundled: Bundle.module.url(forResource: "Migrations/\(folder)", withExtension: nil), what: "ServiceKit's \(folder)")
    }
}
