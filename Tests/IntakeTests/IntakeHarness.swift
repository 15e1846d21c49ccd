import Configuration
import Contracts
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Messaging
import Persistence
import Prometheus
import ServiceKit
import ServiceTestSupport
import TestSupport

@testable import Intake

/// Intake's routes on a throw-away schema (see ``withService``).
typealias IntakeHarness = ServiceHarness

extension ServiceHarness {
    /// Intake's API on this harness's schema.
    var registry: Registry { Registry(environment: environment) }
}

/// Runs `body` against intake's routes on a fresh, migrated schema; with `transferKey`, the
/// city's transfer private key.
func withIntake<T: Sendable>(
    logger: Logger = TestEnvironment.logger, transferKey: Data? = nil,
    _ body: @Sendable (IntakeHarness, any TestClientProtocol) async throws -> T
) async throws -> T {
    try await withService(
        .intake, migrations: "Services/Intake/Migrations", logger: logger,
        build: { environment in
            var configuration = IntakeConfiguration(service: environment.configuration)
            configuration.transferKey = transferKey
            return buildIntake(environment: environment, configuration: configuration)
        }, body)
}

/// What intake's `App.swift` installs.
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
    _ client: any TestClientProtocol, token: String, person: UUID, needs: [Need] = [.legal, .housing],
    vulnerabilities: [Vulnerability] = [.pregnant], consents: [ConsentPurpose] = [], summary: String? = nil, headers: HTTPFields = [:]
) async throws -> UUID {
    let response = try await client.send(
        .post, "/v1/cases", token: token,
        json: caseJSON(person: person, needs: needs, vulnerabilities: vulnerabilities, consents: consents, summary: summary), headers: headers)
    guard response.status == .created else { throw TestFailure("case not created: \(response.status) \(response.text)") }
    return try response.decoded(as: Created.self).id
}

func caseJSON(
    person: UUID, needs: [Need], vulnerabilities: [Vulnerability], consents: [ConsentPurpose] = [], summary: String? = nil, language: String = "ky"
) -> String {
    func list(_ values: [some Vocabulary]) -> String { "[" + values.map { "\"\($0.rawValue)\"" }.joined(separator: ",") + "]" }
    let summaryField = summary.map { #", "summary": "\#($0)""# } ?? ""
    return
        #"{"personId": "\#(person)", "channel": "hotline", "language": "\#(language)", "needs": \#(list(needs)), "vulnerabilities": \#(list(vulnerabilities)), "consents": \#(list(consents))\#(summaryField)}"#
}
