import Contracts
import Eventing
import Foundation
import LogSafety
import Logging
import Persistence

/// Why migrating a service could not begin.
public struct MigrationError: Error, CustomStringConvertible, LogSafeError {
    public let description: String
    init(_ description: String) { self.description = description }
}

/// The tables ServiceKit keeps in a service's schema (the audit log, idempotency keys) and, for
/// a service that holds personal data, in its key-store schema (the vault's person keys), as
/// numbered `.sql` files in `Shared/ServiceKit/Migrations`, and the whole set a service's schema
/// needs.
public enum ServiceKitMigrations {
    /// What `service`'s schema needs of ServiceKit and Eventing, before its own migrations.
    public static func all(for service: ServiceIdentity) throws -> [Migration] {
        try EventingMigrations.everyService() + bundled("every-service")
            + (service.holdsPersonalData ? bundled("personal-data") : [])
            + (service.keepsCaseProjection ? EventingMigrations.caseProjection() : [])
    }

    /// The audit log alone (``AuditLog``), for a schema that is not an event service's: the
    /// console's.
    public static func auditLog() throws -> [Migration] {
        try bundled("every-service").filter { $0.name.contains("audit_log") }
    }

    /// The key store's schema of a service that holds personal data (``PersonalDataVault``).
    public static func keyStore() throws -> [Migration] { try bundled("key-store") }

    /// Brings `service`'s schema to ServiceKit's and its `own` migrations — for a service that
    /// holds personal data, its key-store schema first, taking over the keys that releases
    /// before the key store kept in the data schema (they are dropped there next). What
    /// `jardamctl migrate` does, as each schema's owner.
    public static func migrate(
        _ service: ServiceIdentity, schema: String, own: [Migration], database: PostgresPool, keyStore: PostgresPool?, logger: Logger
    ) async throws {
        if service.holdsPersonalData {
            guard let keyStore else { throw MigrationError("\(service.rawValue) holds personal data: its key store is needed to migrate it") }
            try await Migrator(schema: schema, migrations: Self.keyStore()).migrate(on: keyStore, logger: logger)
            try await moveKeys(from: database, to: keyStore, schema: schema)
        }
        try await Migrator(schema: schema, migrations: all(for: service) + own).migrate(on: database, logger: logger)
    }

    /// Throws, naming what is missing, unless `service`'s schema (and key-store schema) has every
    /// migration of this build: a service does not migrate itself, since its role owns nothing
    /// (`jardamctl migrate` applies them as the schema's owner).
    public static func verify(
        _ service: ServiceIdentity, schema: String, own: [Migration], database: PostgresPool, keyStore: PostgresPool?
    ) async throws {
        var missing = try await Migrator(schema: schema, migrations: all(for: service) + own).pending(on: database)
        if service.holdsPersonalData, let keyStore {
            missing += try await Migrator(schema: schema, migrations: Self.keyStore()).pending(on: keyStore)
        }
        guard missing.isEmpty else {
            throw MigrationError(
                "schema \(schema) lacks migration(s) \(missing.map { String(format: "%04d", $0) }.joined(separator: ", ")): run jardamctl migrate")
        }
    }

    /// Copies the person keys that releases before the key store kept in the data schema into
    /// the key store (once: the data migration that follows drops them there).
    static func moveKeys(from database: PostgresPool, to keyStore: PostgresPool, schema: String) async throws {
        let kept = try await database.query(
            "SELECT 1 FROM information_schema.tables WHERE table_schema = $1 AND table_name = 'person_keys'", [schema])
        guard !kept.isEmpty else { return }
        let rows = try await database.query("SELECT person_ref, wrapped_key, created_at, destroyed_at FROM \"\(schema)\".person_keys")
        for row in rows {
            try await keyStore.query(
                """
                INSERT INTO "\(schema)".person_keys (person_ref, wrapped_key, created_at, destroyed_at) VALUES ($1, $2, $3, $4)
                ON CONFLICT (person_ref) DO NOTHING
                """,
                [
                    try row.decode("person_ref", as: String.self), try row.decode("wrapped_key", as: Data?.self),
                    try row.decode("created_at", as: Date.self), try row.decode("destroyed_at", as: Date?.self),
                ])
        }
    }

    private static func bundled(_ folder: String) throws -> [Migration] {
        try Migrator.load(bundled: Bundle.module.url(forResource: "Migrations/\(folder)", withExtension: nil), what: "ServiceKit's \(folder)")
    }
}
