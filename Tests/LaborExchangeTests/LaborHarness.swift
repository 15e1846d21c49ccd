import Contracts
import Eventing
import Foundation
import HummingbirdTesting
import ServiceKit
import ServiceTestSupport
import TestSupport

@testable import LaborExchange

/// Runs `body` against the labor exchange's routes on a fresh, migrated schema.
func withLabor<T: Sendable>(_ body: @Sendable (ServiceHarness, any TestClientProtocol) async throws -> T) async throws -> T {
    try await withService(
        .laborExchange, migrations: "Services/LaborExchange/Migrations",
        build: { environment in buildLabor(environment: environment, configuration: LaborConfiguration(service: environment.configuration)) }, body)
}

extension ServiceHarness {
    var exchange: Exchange { Exchange(environment: environment, configuration: LaborConfiguration(service: environment.configuration)) }

    func registerCase(consents: [ConsentPurpose] = [.employment]) async throws -> UUID {
        let caseId = UUID()
        try await deliver(
            CaseRegistered(
                caseId: caseId, personRef: UUID().lowercased, channel: .hotline, language: "ky", sex: .female, ageBand: .from25To34,
                citizenship: "KG",
                needs: [.employment], vulnerabilities: [], priority: .normal, consents: consents))
        return caseId
    }

    func employer(_ client: any TestClientProtocol, taxId: String = "7701234567") async throws -> UUID {
        let response = try await client.send(
            .post, "/v1/employers", token: try await token([.employmentOfficer]),
            json: #"{"taxId": "\#(taxId)", "name": "Stroy \#(taxId)", "city": "moscow"}"#)
        guard response.status == .created else { throw TestFailure("employer not created: \(response.text)") }
        return try response.decoded(as: Created.self).id
    }

    func vacancy(
        _ client: any TestClientProtocol, employer: UUID, occupation: String = "7112", positions: Int = 3, amount: String = "70000.00",
        period: String = "month"
    ) async throws -> UUID {
        let response = try await client.send(
            .post, "/v1/vacancies", token: try await token([.employmentOfficer]),
            json:
                #"{"employerId": "\#(employer)", "occupation": "\#(occupation)", "title": "Bricklayer", "city": "moscow", "wage": {"amount": "\#(amount)", "currency": "RUB", "period": "\#(period)"}, "positions": \#(positions), "housingProvided": true, "languages": ["ru", "ky"]}"#
        )
        guard response.status == .created else { throw TestFailure("vacancy not created: \(response.text)") }
        return try response.decoded(as: Created.self).id
    }
}
