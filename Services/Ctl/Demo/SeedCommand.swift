import ArgumentParser
import Contracts
import Foundation
import ServiceKit

/// `jardamctl seed demo`: loads the demo reference data into a running city, once.
struct SeedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "seed", abstract: "Load reference data.", subcommands: [Demo.self])

    struct Demo: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Load the demo's shelters, partner lawyers and NGOs, insurers with plans, employers and vacancies.",
            discussion: "Safe to run again: what exists (by name or tax id) is left as it is. Reads the city's environment (.run/<city>/env).")

        func run() async throws {
            try await reportingFailures {
                let client = try await CityClient(environment: ProcessInfo.processInfo.environment)
                print(try await DemoSeed(client: client).run())
            }
        }
    }
}

/// Creates what `DemoData` lists and is not there yet.
struct DemoSeed {
    let client: CityClient

    func run() async throws -> String {
        let insurers = DemoData.insurers(city: client.city)
        let employers = DemoData.employers(city: client.city)
        var progress = ProgressBar(
            "seed demo", total: DemoData.shelters.count + DemoData.partners.count + insurers.count + employers.count)
        var created = 0

        let shelterNames = Set(try await client.all(.shelter, "/v1/shelters", as: [.shelterManager]).compactMap { $0["name"].string })
        for shelter in DemoData.shelters {
            if !shelterNames.contains(shelter["name"].string ?? "") {
                try await client.expect("POST", .shelter, "/v1/shelters", as: [.shelterManager], body: shelter)
                created += 1
            }
            progress.advance()
        }

        let partnerNames = Set(try await client.all(.legalReferral, "/v1/partners", as: [.supervisor]).compactMap { $0["name"].string })
        for partner in DemoData.partners {
            if !partnerNames.contains(partner["name"].string ?? "") {
                try await client.expect("POST", .legalReferral, "/v1/partners", as: [.supervisor], body: partner)
                created += 1
            }
            progress.advance()
        }

        let knownInsurers = try await client.all(.medicalInsurance, "/v1/insurers", as: [.medicalDesk])
        for (name, plans) in insurers {
            if !knownInsurers.contains(where: { $0["name"].string == name }) {
                let insurer = try await client.expect("POST", .medicalInsurance, "/v1/insurers", as: [.medicalDesk], body: ["name": .string(name)])
                guard let id = insurer["id"].string else { throw CtlError("medical-insurance answered an insurer without id") }
                for plan in plans {
                    try await client.expect("POST", .medicalInsurance, "/v1/insurers/\(id)/plans", as: [.medicalDesk], body: plan)
                }
                created += 1 + plans.count
            }
            progress.advance()
        }

        let knownEmployers = try await client.all(.laborExchange, "/v1/employers", as: [.employmentOfficer])
        for (employer, vacancies) in employers {
            if !knownEmployers.contains(where: { $0["taxId"] == employer["taxId"] }) {
                let stored = try await client.expect("POST", .laborExchange, "/v1/employers", as: [.employmentOfficer], body: employer)
                for var vacancy in vacancies {
                    if case .object(var fields) = vacancy { fields["employerId"] = stored["id"]; vacancy = .object(fields) }
                    try await client.expect("POST", .laborExchange, "/v1/vacancies", as: [.employmentOfficer], body: vacancy)
                }
                created += 1 + vacancies.count
            }
            progress.advance()
        }
        progress.finish()
        return created == 0
            ? "seed demo: \(client.city) already has the demo data"
            : "seed demo: \(created) record(s) created in \(client.city)"
    }
}
