import Contracts
import Eventing
import Foundation
import HummingbirdTesting
import ServiceKit
import ServiceTestSupport
import TestSupport

@testable import LegalReferral

/// What legal-referral's `App.swift` installs.
/// Runs `body` against legal-referral's routes on a fresh, migrated schema.
func withLegal<T: Sendable>(_ body: @Sendable (ServiceHarness, any TestClientProtocol) async throws -> T) async throws -> T {
    try await withService(
        .legalReferral, migrations: "Services/LegalReferral/Migrations",
        build: { environment in buildLegal(environment: environment, configuration: LegalConfiguration(service: environment.configuration)) }, body)
}

extension ServiceHarness {
    var aid: LegalAid { LegalAid(environment: environment, configuration: LegalConfiguration(service: environment.configuration)) }

    /// Announces a case as intake would.
    func registerCase(
        language: String = "ky", sex: Sex = .female, needs: [Need] = [.legal], vulnerabilities: [Vulnerability] = [],
        consents: [ConsentPurpose] = [.legal]
    ) async throws -> UUID {
        let caseId = UUID()
        try await deliver(
            CaseRegistered(
                caseId: caseId, personRef: UUID().lowercased, channel: .hotline, language: language, sex: sex, ageBand: .from25To34,
                citizenship: "KG", needs: needs, vulnerabilities: vulnerabilities, priority: .normal, consents: consents))
        return caseId
    }

    /// Creates a partner and returns its id.
    func partner(
        _ client: any TestClientProtocol, name: String = "Advokat", languages: [String] = ["ky", "ru"], issues: [String] = ["unpaid-wages", "other"],
        capacity: Int = 5
    ) async throws -> UUID {
        func list(_ values: [String]) -> String { "[" + values.map { "\"\($0)\"" }.joined(separator: ",") + "]" }
        let response = try await client.send(
            .post, "/v1/partners", token: try await token([.supervisor]),
            json:
                #"{"name": "\#(name)", "kind": "lawyer", "languages": \#(list(languages)), "specializations": \#(list(issues)), "capacity": \#(capacity), "discountPercent": 50}"#
        )
        guard response.status == .created else { throw TestFailure("partner not created: \(response.status) \(response.text)") }
        return try response.decoded(as: Created.self).id
    }
}

/// A referral as the API returns it.
struct ReferralBody: Decodable {
    struct Step: Decodable { let status: String; let partnerId: UUID? }
    let id: UUID
    let caseId: UUID
    let partnerId: UUID?
    let issue: String
    let status: String
    let history: [Step]
}

/// Avoids `#require` needing a test context in helpers.
func require<T>(_ value: T?, _ what: String) throws -> T {
    guard let value else { throw TestFailure("missing \(what)") }
    return value
}
