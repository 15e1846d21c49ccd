import Contracts
import Foundation
import Persistence
import TestSupport
import Testing

/// The roles the services log in as, against the test city's database after `jardamctl migrate`:
/// they own nothing, so their audit log is append-only even to themselves.
@Suite("Each service's database role: DML only, and on the audit log INSERT and SELECT", .serialized)
struct DatabasePrivilegeTests {
    /// What a service's role must not do to its own audit log, or to its schema.
    static let forbidden = [
        "UPDATE audit_log SET actor = 'rewritten'",
        "DELETE FROM audit_log",
        "TRUNCATE audit_log",
        "ALTER TABLE audit_log DISABLE TRIGGER ALL",
        "ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_or_delete",
        "DROP TRIGGER audit_log_no_truncate ON audit_log",
        "DROP TABLE audit_log",
        "CREATE TABLE shadow (id int)",
        "ALTER TABLE outbox ADD COLUMN shadow text",
    ]

    @Test(arguments: ServiceIdentity.allCases)
    func theServiceRoleCannotRewriteDisableOrGrantItselfTheAuditLog(service: ServiceIdentity) async throws {
        let migrated = try await JourneyTests.jardamctl(["migrate", "--service", service.rawValue])
        #expect(migrated.status == 0, "\(migrated.output)")
        let url = TestEnvironment.variable("\(service.schema.uppercased())_POSTGRES_URL")
        let pool = PostgresPool(configuration: .init(conninfo: url, maxConnections: 1), logger: TestEnvironment.logger)
        let schema = service.schema
        func inSchema(_ sql: String) async throws {
            try await pool.withTransaction { connection in
                try await connection.query("SET LOCAL search_path TO \"\(schema)\"")
                try await connection.query(sql)
            }
        }
        // What it must do: write and read its audit log.
        try await inSchema("INSERT INTO audit_log (actor, actor_roles, action, subject) VALUES ('test', '{ops}', 'privilege.test', 'none')")
        #expect(try await pool.query("SELECT count(*) FROM \"\(schema)\".audit_log")[0].decode(0, as: Int.self) >= 1)
        for sql in Self.forbidden {
            await #expect("\(sql)") {
                try await inSchema(sql)
            } throws: { error in
                (error as? PostgresError)?.sqlState == "42501"
            }
        }
        // GRANT without grant options is only a warning in PostgreSQL: what matters is that it gains nothing.
        try? await inSchema("GRANT UPDATE, DELETE, TRUNCATE ON audit_log TO CURRENT_USER")
        let gained = try await pool.query(
            """
            SELECT has_table_privilege(current_user, $1, 'UPDATE') OR has_table_privilege(current_user, $1, 'DELETE')
                OR has_table_privilege(current_user, $1, 'TRUNCATE')
            """, ["\"\(schema)\".audit_log"])
        #expect(try gained[0].decode(0, as: Bool.self) == false, "\(service.rawValue) gained a privilege on its audit log")
        let owner = try await pool.query("SELECT pg_get_userbyid(nspowner) FROM pg_namespace WHERE nspname = $1", [schema])
        #expect(try owner[0].decode(0, as: String.self) == "jardam_\(schema)_owner")
        await pool.close()
    }
}
