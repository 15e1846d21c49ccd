import Persistence
import TestSupport
import Testing

@Suite("Each service role has DML on its own schema only, and builds nothing anywhere")
struct SchemaIsolationTests {
    @Test func shelterRoleCanBuildNowhereAndReadNoOtherSchema() async throws {
        let pool = PostgresPool(
            configuration: .init(conninfo: TestEnvironment.variable("SHELTER_POSTGRES_URL")), logger: TestEnvironment.logger)
        // Its own schema belongs to jardam_shelter_owner: the service role may not add to it either.
        for schema in ["shelter", "intake", "legal", "medical", "labor", "public"] {
            let error = await #expect(throws: PostgresError.self) {
                try await pool.query("CREATE TABLE \(schema).isolation_probe (id integer)")
            }
            #expect(error?.sqlState == "42501", "shelter could build in \(schema)")
        }
        for schema in ["intake", "legal", "medical", "labor"] {
            let error = await #expect(throws: PostgresError.self) {
                try await pool.query("SELECT count(*) FROM \(schema).schema_migrations")
            }
            #expect(error?.sqlState == "42501", "shelter could read \(schema)")
        }
        await pool.close()
    }
}
