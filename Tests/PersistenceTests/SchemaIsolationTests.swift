import Persistence
import TestSupport
import Testing

@Suite("Each service role has rights on its own schema only")
struct SchemaIsolationTests {
    @Test func shelterRoleCanBuildInItsSchemaAndNowhereElse() async throws {
        let pool = PostgresPool(
            configuration: .init(conninfo: TestEnvironment.variable("SHELTER_POSTGRES_URL")), logger: TestEnvironment.logger)
        try await pool.withTransaction { connection in
            try await connection.query("CREATE TABLE shelter.isolation_probe (id integer)")
            try await connection.query("DROP TABLE shelter.isolation_probe")
        }
        for schema in ["intake", "legal", "medical", "labor", "public"] {
            let error = await #expect(throws: PostgresError.self) {
                try await pool.query("CREATE TABLE \(schema).isolation_probe (id integer)")
            }
            #expect(error?.sqlState == "42501", "shelter could write in \(schema)")
        }
        await pool.close()
    }
}
