import Configuration
import Contracts
import Foundation
import Hummingbird
import HTTPTypes
import HummingbirdTesting
@testable import Intake
import Logging
import Messaging
import Persistence
import Prometheus
import ServiceKit
import TestSupport

/// Intake's real routes on a throw-away schema of the test database, as the service builds them.
struct IntakeHarness: Sendable {
    let pool: PostgresPool
    let schema: String
    let environment: ServiceEnvironment
    var api: IntakeAPI { IntakeAPI(environment: environment) }

    /// A token of this city for `roles`.
    func token(_ roles: [Role], subject: String = "staff-1") async throws -> String {
        try await environment.tokens.issue(subject: subject, roles: roles, lifetime: .seconds(300))
    }

    /// The events in the outbox, oldest first.
    func events() async throws -> [EventEnvelope] {
        try await pool.query("SELECT body FROM \"\(schema)\".outbox ORDER BY position").map {
            try EventEnvelope.decode(Data(try $0.decode("body", as: String.self).utf8))
        }
    }

    /// Raw rows of `sql` as text, for reading what lies at rest.
    func rawText(_ sql: String, _ parameters: [any PostgresEncodable] = []) async throws -> String {
        try await pool.query("SELECT t::text AS row FROM (\(sql)) t", parameters).map { try $0.decode("row", as: String.self) }
            .joined(separator: "\n")
    }

    static let dataKey = Data(repeating: 7, count: 32)
}

/// Runs `body` against intake's routes on a fresh, migrated schema.
func withIntake<T: Sendable>(
    logger: Logger = TestEnvironment.logger,
    _ body: @Sendable (IntakeHarness, any TestClientProtocol) async throws -> T
) async throws -> T {
    try await withTestSchema(maxConnections: 8) { pool, schema in
        let migrations = try Migrator.load(from: TestEnvironment.root.appendingPathComponent("Services/Intake/Migrations"))
        try await Migrator(schema: schema, migrations: ServiceKitMigrations.all(for: .intake) + migrations)
            .migrate(on: pool, logger: TestEnvironment.logger)
        let configuration = try ServiceConfiguration(
            reader: .init(provider: EnvironmentVariablesProvider(environmentVariables: [
                "JARDAM_CITY": "testcity", "JARDAM_POSTGRES_URL": TestEnvironment.postgresURL,
                "JARDAM_AMQP_URL": TestEnvironment.variable("JARDAM_TEST_AMQP_URL"),
                "JARDAM_TOKEN_SECRET": String(repeating: "t", count: 32),
                "JARDAM_DATA_KEY": IntakeHarness.dataKey.base64EncodedString(),
            ])),
            service: .intake)
        let environment = ServiceEnvironment(
            configuration: configuration, database: pool,
            publisher: AMQPPublisher(configuration: .init(url: configuration.amqpURL), logger: logger),
            tokens: await TokenAuthority(secret: configuration.tokenSecret, city: configuration.city),
            logger: logger, schema: schema)
        let harness = IntakeHarness(pool: pool, schema: schema, environment: environment)
        let app = buildApplication(environment: environment, registry: PrometheusCollectorRegistry(), openAPI: Data("{}".utf8)) { router, environment in
            IntakeAPI(environment: environment).addRoutes(to: router)
        }
        return try await app.test(.router) { client in try await body(harness, client) }
    }
}

extension TestClientProtocol {
    /// Sends `json` (a JSON text) with a bearer `token` and extra headers.
    func send(
        _ method: HTTPRequest.Method, _ uri: String, token: String?, json: String? = nil, headers: HTTPFields = [:]
    ) async throws -> TestResponse {
        var fields = headers
        if let token { fields[.authorization] = "Bearer \(token)" }
        if json != nil { fields[.contentType] = "application/json" }
        return try await execute(uri: uri, method: method, headers: fields, body: json.map { ByteBuffer(string: $0) })
    }
}

extension TestResponse {
    /// The body decoded as `T` (ISO-8601 dates).
    func decoded<T: Decodable>(as type: T.Type = T.self) throws -> T {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(T.self, from: Data(buffer: body))
    }

    /// The body as text.
    var text: String { String(buffer: body) }

    /// The fields an RFC 9457 problem names.
    var problemFields: [String] {
        struct Body: Decodable {
            struct FieldError: Decodable { let field: String }
            let errors: [FieldError]
        }
        return (try? decoded(as: Body.self).errors.map(\.field)) ?? []
    }
}

/// What tests read back of created resources.
struct Created: Decodable {
    let id: UUID
}

/// JSON of a person; the defaults make a valid one.
func personJSON(
    given: String = "Асель", family: String = "Жумабаева", birthDate: String? = "1994-03-08", sex: String = "female",
    citizenship: String = "KG", languages: [String] = ["ky", "ru"], phone: String? = nil, document: (String, String)? = nil
) -> String {
    var fields = [
        #""givenName": "\#(given)""#, #""familyName": "\#(family)""#, #""sex": "\#(sex)""#, #""citizenship": "\#(citizenship)""#,
        #""languages": [\#(languages.map { "\"\($0)\"" }.joined(separator: ","))]"#,
    ]
    if let birthDate { fields.append(#""birthDate": "\#(birthDate)""#) }
    if let phone { fields.append(#""phone": "\#(phone)""#) }
    if let document { fields.append(#""document": {"type": "\#(document.0)", "number": "\#(document.1)"}"#) }
    return "{\(fields.joined(separator: ", "))}"
}

/// Creates a person and returns its id.
func createPerson(_ client: any TestClientProtocol, token: String, _ json: String = personJSON()) async throws -> UUID {
    let response = try await client.send(.post, "/v1/persons", token: token, json: json)
    guard response.status == .created else { throw TestFailure("person not created: \(response.status) \(response.text)") }
    return try response.decoded(as: Created.self).id
}

/// Creates a case for `person` and returns its id.
func createCase(
    _ client: any TestClientProtocol, token: String, person: UUID, needs: [String] = ["legal", "housing"],
    vulnerabilities: [String] = ["pregnant"], consents: [String] = [], summary: String? = nil, headers: HTTPFields = [:]
) async throws -> UUID {
    let response = try await client.send(.post, "/v1/cases", token: token, json: caseJSON(person: person, needs: needs, vulnerabilities: vulnerabilities, consents: consents, summary: summary), headers: headers)
    guard response.status == .created else { throw TestFailure("case not created: \(response.status) \(response.text)") }
    return try response.decoded(as: Created.self).id
}

func caseJSON(person: UUID, needs: [String], vulnerabilities: [String], consents: [String] = [], summary: String? = nil, language: String = "ky") -> String {
    func list(_ values: [String]) -> String { "[" + values.map { "\"\($0)\"" }.joined(separator: ",") + "]" }
    let summaryField = summary.map { #", "summary": "\#($0)""# } ?? ""
    return #"{"personId": "\#(person)", "channel": "hotline", "language": "\#(language)", "needs": \#(list(needs)), "vulnerabilities": \#(list(vulnerabilities)), "consents": \#(list(consents))\#(summaryField)}"#
}
