import Contracts
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Messaging
import Persistence
import Prometheus
import ServiceKit
import TestSupport
import Testing

@Suite("Audit log and personal-data vault")
struct AuditAndVaultTests {
    static let auditor = StaffIdentity(subject: "auditor-1", roles: [.auditor], city: "testcity", partner: nil)

    @Test func theAuditTableRefusesUpdateAndDeleteFromTheServicesOwnRole() async throws {
        // Migrated as its owner (as `jardamctl migrate` does); then used as the service's role.
        let owner = PostgresPool(
            configuration: .init(conninfo: try #require(Conninfo.acting(as: "jardam_labor_owner", on: TestEnvironment.postgresURL))),
            logger: TestEnvironment.logger)
        try await Migrator(schema: "labor", migrations: ServiceKitMigrations.all(for: .laborExchange)).migrate(
            on: owner, logger: TestEnvironment.logger)
        await owner.close()
        let pool = PostgresPool(configuration: .init(conninfo: TestEnvironment.variable("LABOR_POSTGRES_URL")), logger: TestEnvironment.logger)
        let subject = "person/\(UUID())"
        let caller = StaffIdentity(subject: "caseworker-7", roles: [.caseworker], city: "testcity", partner: nil)
        try await pool.withTransaction { connection in
            try await AuditLog(schema: "labor").record("read", subject: subject, reason: "hotline call", by: caller, requestID: "r-1", on: connection)
        }
        for statement in [
            "UPDATE labor.audit_log SET actor = 'someone-else' WHERE subject = $1",
            "DELETE FROM labor.audit_log WHERE subject = $1",
        ] {
            let error = await #expect(throws: PostgresError.self) { try await pool.query(statement, [subject]) }
            #expect(error?.sqlState == "42501", "\(statement)")
        }
        let truncate = await #expect(throws: PostgresError.self) { try await pool.query("TRUNCATE labor.audit_log") }
        #expect(truncate?.sqlState == "42501")
        let page = try await AuditLog(schema: "labor").entries(subject: subject, page: try PageRequest(query: "/?limit=10"), database: pool)
        #expect(page.items.map(\.actor) == ["caseworker-7"])
        #expect(page.items.first?.reason == "hotline call")
        await pool.close()
    }

    @Test func auditorsReadTheAuditByHTTPAndNobodyElseDoes() async throws {
        try await withTestSchema { pool, schema in
            try await Migrator(schema: schema, migrations: ServiceKitMigrations.all(for: .shelter)).migrate(on: pool, logger: TestEnvironment.logger)
            let audit = AuditLog(schema: schema)
            let caller = StaffIdentity(subject: "manager-2", roles: [.shelterManager], city: "testcity", partner: nil)
            for number in 0..<3 {
                try await pool.withTransaction {
                    try await audit.record("read", subject: "booking/\(number)", reason: nil, by: caller, requestID: nil, on: $0)
                }
            }
            let router = Router(context: JardamRequestContext.self)
            router.add(middleware: ProblemMiddleware())
            let secret = String(repeating: "a", count: 32)
            let tokens = await TokenAuthority(secret: secret, city: "testcity")
            router.add(middleware: AuthenticationMiddleware(authority: tokens))
            audit.addRoutes(to: router, database: pool)
            try await Application(router: router).test(.router) { client in
                let auditorToken = try await tokens.issue(subject: "a-1", roles: [.auditor], lifetime: .seconds(60))
                let page = try await client.execute(uri: "/v1/audit?limit=2", method: .get, headers: [.authorization: "Bearer \(auditorToken)"])
                #expect(page.status == .ok)
                let body = try JSONDecoder().decode(AuditPage.self, from: Data(buffer: page.body))
                #expect(body.items.map(\.subject) == ["booking/2", "booking/1"])
                let next = try #require(body.nextCursor)
                let rest = try await client.execute(
                    uri: "/v1/audit?limit=2&cursor=\(next)", method: .get, headers: [.authorization: "Bearer \(auditorToken)"])
                #expect(try JSONDecoder().decode(AuditPage.self, from: Data(buffer: rest.body)).items.map(\.subject) == ["booking/0"])
                let one = try await client.execute(
                    uri: "/v1/audit?subject=booking/1", method: .get, headers: [.authorization: "Bearer \(auditorToken)"])
                #expect(try JSONDecoder().decode(AuditPage.self, from: Data(buffer: one.body)).items.count == 1)
                let bad = try await client.execute(uri: "/v1/audit?limit=500", method: .get, headers: [.authorization: "Bearer \(auditorToken)"])
                #expect(bad.status == .unprocessableContent)
                let supervisorToken = try await tokens.issue(subject: "s-1", roles: [.supervisor], lifetime: .seconds(60))
                let refused = try await client.execute(uri: "/v1/audit", method: .get, headers: [.authorization: "Bearer \(supervisorToken)"])
                #expect(refused.status == .forbidden)
            }
        }
    }

    struct AuditPage: Decodable {
        struct Item: Decodable { let subject: String; let actor: String }
        let items: [Item]
        let nextCursor: String?
    }

    @Test func encryptedFieldsHoldNoPlaintextAreFoundByKeyedHashAndDieWithTheKey() async throws {
        try await withVault(masterKey: Data((0..<32).map { UInt8($0) })) { pool, schema, vault in
            try await pool.query("CREATE TABLE \"\(schema)\".people (person_ref text PRIMARY KEY, name bytea NOT NULL, phone_hash bytea NOT NULL)")
            #expect(try await pool.query("SELECT 1 FROM pg_tables WHERE schemaname = $1 AND tablename = 'person_keys'", [schema]).isEmpty)
            let name = "Жумабаева Асель Үмүтовна"
            let personRef = "p-\(UUID().uuidString.prefix(8))"
            try await pool.withTransaction { connection in
                let key = try await vault.createKey(for: personRef)
                try await connection.query(
                    "INSERT INTO \"\(schema)\".people VALUES ($1, $2, $3)",
                    [personRef, try key.seal(name), try await vault.lookupHash("+7 (999) 123-45-67", .phone)])
            }
            // Read raw, as an intruder with SQL access would: no trace of the name.
            let raw = try await pool.query(
                "SELECT t::text AS dump, position(convert_to($1, 'UTF8') IN name) AS at FROM \"\(schema)\".people t", [name])
            #expect(try raw[0].decode("at", as: Int32.self) == 0)
            #expect(try !raw[0].decode("dump", as: String.self).contains("Асель"))

            let found = try await pool.query(
                "SELECT person_ref, name FROM \"\(schema)\".people WHERE phone_hash = $1", [try await vault.lookupHash("79991234567", .phone)])
            #expect(found.count == 1)
            let sealed = try found[0].decode("name", as: Data.self)
            let opened = try await vault.key(for: personRef).open(sealed)
            #expect(opened == name)

            try await vault.erase(personRef)
            await #expect(throws: VaultError.self) { try await vault.key(for: personRef).open(sealed) }
            let keys = try await vault.keyStore.query("SELECT wrapped_key FROM \"\(schema)\".person_keys WHERE person_ref = $1", [personRef])
            #expect(try keys[0].decode(0, as: Data?.self) == nil)
        }
    }

    @Test func keysKeptInTheDataSchemaByEarlierReleasesMoveToTheKeyStore() async throws {
        try await withTestSchema { pool, schema in
            try await withTestKeyStore(schema: schema) { keyStore in
                let logger = TestEnvironment.logger
                // An intake schema as the release before the key store left it, with one live and one destroyed key.
                let before = try ServiceKitMigrations.all(for: .intake).filter { $0.version < 8 }
                try await Migrator(schema: schema, migrations: before).migrate(on: pool, logger: logger)
                try await pool.query(
                    """
                    INSERT INTO "\(schema)".person_keys (person_ref, wrapped_key, destroyed_at)
                    VALUES ('p-live', '\\x0102'::bytea, NULL), ('p-erased', NULL, now())
                    """)
                try await ServiceKitMigrations.migrate(.intake, schema: schema, own: [], database: pool, keyStore: keyStore, logger: logger)
                let moved = try await keyStore.query("SELECT person_ref, wrapped_key FROM \"\(schema)\".person_keys ORDER BY person_ref")
                #expect(try moved.map { try $0.decode("person_ref", as: String.self) } == ["p-erased", "p-live"])
                #expect(try moved.map { try $0.decode("wrapped_key", as: Data?.self) } == [nil, Data([1, 2])])
                let left = try await pool.query("SELECT 1 FROM pg_tables WHERE schemaname = $1 AND tablename = 'person_keys'", [schema])
                #expect(left.isEmpty, "the data schema no longer holds keys")
                // Migrating again changes nothing, and a service holding personal data will not migrate without its key store.
                try await ServiceKitMigrations.migrate(.intake, schema: schema, own: [], database: pool, keyStore: keyStore, logger: logger)
                await #expect(throws: MigrationError.self) {
                    try await ServiceKitMigrations.migrate(.intake, schema: schema, own: [], database: pool, keyStore: nil, logger: logger)
                }
            }
        }
    }

    @Test func aFieldSealedForOnePersonDoesNotOpenForAnother() async throws {
        try await withVault(masterKey: Data(repeating: 9, count: 32)) { pool, _, vault in
            let (sealed, other) = (try await vault.createKey(for: "a").seal("POL-123"), try await vault.createKey(for: "b"))
            #expect(throws: VaultError.self) { try other.open(sealed) }
            #expect(try await vault.lookupHash("pol 123", .policyNumber) == vault.lookupHash("POL-123", .policyNumber))
            #expect(try await vault.lookupHash("123", .policyNumber) != vault.lookupHash("123", .document), "each kind has its own key")
        }
    }
}

@Suite("A canary person never leaks")
struct CanaryTests {
    struct Person: Decodable {
        let givenName: String
        let phone: String
        let born: CalendarDate
        let children: Int
    }

    @Test func theCanaryIsInNoLogLineAndNoErrorBody() async throws {
        let canary = (
            name: "Канарейка-\(UUID().uuidString.prefix(6))", phone: "+7 900 \(Int.random(in: 1_000_000...9_999_999))",
            document: "CANARY\(Int.random(in: 100_000...999_999))"
        )
        let captured = CapturedLog()
        let logger = Logger(label: "canary") { _ in captured }
        struct Leaky: Error, CustomStringConvertible { let description: String }
        try await withVault(masterKey: Data(repeating: 3, count: 32)) { pool, _, vault in
            let router = Router(context: JardamRequestContext.self)
            router.add(middleware: ProblemMiddleware())
            router.post("/persons") { request, context in
                let person = try await request.decodeJSON(as: Person.self, context: context)
                try await pool.withTransaction { connection in
                    let key = try await vault.createKey(for: "p-canary")
                    _ = try key.seal(person.givenName)
                    // A library error that quotes the value it choked on.
                    throw Leaky(description: "cannot store \(person.givenName) with phone \(person.phone)")
                }
                return "unreachable"
            }
            let bodies = [
                #"{"givenName": "\#(canary.name)", "phone": "\#(canary.phone)", "born": "1990-01-01", "children": 1}"#,
                #"{"givenName": "\#(canary.name)", "phone": "\#(canary.phone)", "born": "\#(canary.document)", "children": 1}"#,
                #"{"givenName": "\#(canary.name)", "phone": "\#(canary.phone)", "born": "1990-01-01", "children": "\#(canary.document)"}"#,
                #"{"givenName": "\#(canary.name)", "phone": "\#(canary.phone)", "#,
                String(repeating: "[", count: 40) + #""\#(canary.name)""# + String(repeating: "]", count: 40),
            ]
            let responses = try await Application(router: router, logger: logger).test(.router) { client in
                var responses: [String] = []
                for body in bodies {
                    let response = try await client.execute(uri: "/persons", method: .post, body: ByteBuffer(string: body))
                    #expect(response.status.code >= 400)
                    responses.append(String(buffer: response.body))
                }
                return responses
            }
            let everything = (responses + captured.lines).joined(separator: "\n")
            for secret in [canary.name, canary.phone, canary.document, String(canary.phone.filter(\.isNumber))] {
                #expect(!everything.contains(secret), "leaked: \(secret)")
            }
            #expect(responses.allSatisfy { $0.contains("urn:jardam:problem:") })
        }
    }

    @Test func bodiesNestedTooDeepOrWithHugeStringsAreRefused() async throws {
        let router = Router(context: JardamRequestContext.self)
        router.add(middleware: ProblemMiddleware())
        router.post("/echo") { request, context in
            _ = try await request.decodeJSON(as: JSONValue.self, context: context)
            return "ok"
        }
        try await Application(router: router).test(.router) { client in
            func status(_ body: String) async throws -> HTTPResponse.Status {
                try await client.execute(uri: "/echo", method: .post, body: ByteBuffer(string: body)).status
            }
            let deep = try await status(String(repeating: "[", count: 33) + String(repeating: "]", count: 33))
            #expect(deep == .badRequest)
            let fine = try await status(String(repeating: "[", count: 32) + String(repeating: "]", count: 32))
            #expect(fine == .ok)
            let long = try await status(#"{"summary": "\#(String(repeating: "я", count: 9000))"}"#)
            #expect(long == .badRequest)
            let escaped = try await status(#"{"summary": "a \"quoted\" [not nested] word"}"#)
            #expect(escaped == .ok)
        }
    }
}

/// A migrated intake schema and its key store, and a vault on them.
func withVault<T>(masterKey: Data, _ body: (PostgresPool, String, PersonalDataVault) async throws -> T) async throws -> T {
    try await withTestSchema { pool, schema in
        try await withTestKeyStore(schema: schema) { keyStore in
            try await Migrator(schema: schema, migrations: ServiceKitMigrations.keyStore()).migrate(on: keyStore, logger: TestEnvironment.logger)
            try await Migrator(schema: schema, migrations: ServiceKitMigrations.all(for: .intake)).migrate(on: pool, logger: TestEnvironment.logger)
            return try await body(pool, schema, PersonalDataVault(masterKey: masterKey, keyStore: keyStore, schema: schema))
        }
    }
}
