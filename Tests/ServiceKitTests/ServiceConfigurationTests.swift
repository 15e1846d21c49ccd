import Configuration
import Contracts
import Foundation
import ServiceKit
import TestSupport
import Testing

@Suite("Configuration is read from the environment and checked at start")
struct ServiceConfigurationTests {
    static let valid: [String: String] = [
        "JARDAM_CITY": "moscow",
        "JARDAM_POSTGRES_URL": "postgresql://jardam_intake:pw@127.0.0.1:5432/jardam_moscow",
        "JARDAM_AMQP_URL": "amqp://jardam:pw@127.0.0.1:5672/jardam",
        "JARDAM_TOKEN_SECRET": String(repeating: "s", count: 32),
        "JARDAM_DATA_KEY": Data(repeating: 7, count: 32).base64EncodedString(),
        "JARDAM_KEYS_POSTGRES_URL": "postgresql://jardam_intake_keys:pw@127.0.0.1:5432/jardam_moscow_keys",
    ]

    func read(_ environment: [String: String], _ service: ServiceIdentity = .intake) throws(ConfigurationError) -> ServiceConfiguration {
        try ServiceConfiguration(
            reader: ConfigReader(provider: EnvironmentVariablesProvider(environmentVariables: environment)),
            service: service)
    }

    @Test func validEnvironmentIsReadWithContractDefaults() throws {
        let configuration = try read(Self.valid)
        #expect(configuration.city == "moscow")
        #expect(configuration.httpPort == 8081)
        #expect(configuration.httpHost == "127.0.0.1")
        #expect(configuration.dataKey?.count == 32)
        #expect(configuration.logLevel == .info)
        #expect(try read(Self.valid, .laborExchange).httpPort == 8085)
    }

    @Test(arguments: ["JARDAM_CITY", "JARDAM_POSTGRES_URL", "JARDAM_AMQP_URL", "JARDAM_TOKEN_SECRET", "JARDAM_DATA_KEY", "JARDAM_KEYS_POSTGRES_URL"])
    func aMissingRequiredVariableIsNamed(_ variable: String) {
        var environment = Self.valid
        environment[variable] = nil
        #expect(throws: ConfigurationError(variable: variable, problem: "is missing")) { try read(environment) }
    }

    @Test(arguments: [
        ("JARDAM_HTTP_PORT", "eighty"), ("JARDAM_HTTP_PORT", "70000"), ("JARDAM_AMQP_URL", "http://broker"),
        ("JARDAM_AMQP_URL", "amqps://broker/?verify=verify_none"),
        ("JARDAM_DATA_KEY", "c2hvcnQ="), ("JARDAM_TOKEN_SECRET", "tiny-key"), ("JARDAM_LOG_LEVEL", "loud"),
        ("JARDAM_CITY", "Moscow City"),
    ])
    func aMalformedVariableIsNamedWithoutItsValue(_ variable: String, _ value: String) {
        var environment = Self.valid
        environment[variable] = value
        let error = #expect(throws: ConfigurationError.self) { try read(environment) }
        #expect(error?.variable == variable)
        #expect(error.map { !$0.description.contains(value) } == true)
    }

    @Test func httpsNeedsACertificateChainAndAKeyThatCanBeRead() throws {
        #expect(try read(Self.valid).https == nil, "without both files the service speaks plain HTTP")
        var environment = Self.valid
        environment["JARDAM_TLS_CERT"] = TestEnvironment.variable("TLS_SERVER_CERT")
        let missingKey = #expect(throws: ConfigurationError.self) { try read(environment) }
        #expect(missingKey?.variable == "JARDAM_TLS_KEY")

        environment["JARDAM_TLS_KEY"] = TestEnvironment.variable("TLS_SERVER_KEY")
        #expect(try read(environment).https?.minimumTLSVersion == .tlsv12)

        environment["JARDAM_TLS_CERT"] = "/nonexistent/server.crt"
        let unreadable = #expect(throws: ConfigurationError.self) { try read(environment) }
        #expect(unreadable?.variable == "JARDAM_TLS_CERT" && unreadable.map { !$0.description.contains("/nonexistent") } == true)
        environment["JARDAM_TLS_CERT"] = TestEnvironment.variable("TLS_SERVER_KEY")
        #expect((try? read(environment)) == nil, "a key is not a certificate")
    }

    @Test func servicesWithoutPersonalDataDoNotNeedTheDataKey() throws {
        var environment = Self.valid
        environment["JARDAM_DATA_KEY"] = nil
        environment["JARDAM_KEYS_POSTGRES_URL"] = nil
        #expect(try read(environment, .shelter).dataKey == nil)
    }
}
