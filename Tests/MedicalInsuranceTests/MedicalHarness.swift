import Contracts
import Eventing
import Foundation
import HummingbirdTesting
import ServiceKit
import ServiceTestSupport
import TestSupport

@testable import MedicalInsurance

/// What medical-insurance's `App.swift` installs.
/// Runs `body` against medical-insurance's routes on a fresh, migrated schema.
func withMedical<T: Sendable>(_ body: @Sendable (ServiceHarness, any TestClientProtocol) async throws -> T) async throws -> T {
    try await withService(
        .medicalInsurance, migrations: "Services/MedicalInsurance/Migrations",
        build: { environment in buildMedical(environment: environment, configuration: MedicalConfiguration(service: environment.configuration)) },
        body)
}

extension ServiceHarness {
    var insurance: Insurance { Insurance(environment: environment) }

    func caseRegistered(
        _ caseId: UUID = UUID(), personRef: String = UUID().lowercased, needs: [Need] = [.medical], vulnerabilities: [Vulnerability] = [],
        consents: [ConsentPurpose] = [.medical]
    ) -> CaseRegistered {
        CaseRegistered(
            caseId: caseId, personRef: personRef, channel: .hotline, language: "ky", sex: .female, ageBand: .from25To34, citizenship: "KG",
            needs: needs, vulnerabilities: vulnerabilities, priority: .high, consents: consents)
    }

    /// Imports a price list and returns the plan ids.
    func importPlans(_ client: any TestClientProtocol, _ csv: String) async throws -> [UUID] {
        struct Report: Decodable { let planIds: [UUID] }
        let response = try await client.send(.post, "/v1/plans/import", token: try await token([.medicalDesk]), text: csv, contentType: "text/csv")
        guard response.status == .created else { throw TestFailure("import refused: \(response.status) \(response.text)") }
        return try response.decoded(as: Report.self).planIds
    }
}

let csvHeader = "insurer,plan,annual_price,currency,coverage,regions,min_age,max_age,group_prices"
