import Configuration
import Contracts
import Foundation
import ServiceKit
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

    @Test func servicesWithoutPersonalDataDoNotNeedTheDataKey() throws {
        var environment = Self.valid
        environment["JARDAM_DATA_KEY"] = nil
        environment["JARDAM_KEYS_POSTGRES_URL"] = nil
        #expect(try read(environment, .shelter).dataKey == nil)
    }
}
