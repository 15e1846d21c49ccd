import Persistence
import TestSupport
import Testing

@Suite("PostgreSQL speaks TLS only, with a certificate of the city CA")
struct TransportSecurityTests {
    @Test func aConnectionWithoutTLSIsRefusedAndTheCityURLVerifiesTheServer() async throws {
        let url = TestEnvironment.variable("SHELTER_POSTGRES_URL")
        #expect(url.contains("sslmode=verify-full") && url.contains("sslrootcert="), "the city's URLs verify the server")
        let verified = PostgresPool(configuration: .init(conninfo: url, maxConnections: 1), logger: TestEnvironment.logger)
        let encrypted = try await verified.query("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
        #expect(try encrypted[0].decode(0, as: Bool.self), "the session is encrypted")
        await verified.close()

        let plain = url.replacingOccurrences(of: "sslmode=verify-full", with: "sslmode=disable")
        let refused = PostgresPool(
            configuration: .init(conninfo: plain, maxConnections: 1, acquireTimeout: .seconds(5)), logger: TestEnvironment.logger)
        await #expect(throws: PostgresError.self, "a plain connection is refused (pg_hba: hostnossl reject)") {
            try await refused.query("SELECT 1")
        }
        await refused.close()
    }
}
