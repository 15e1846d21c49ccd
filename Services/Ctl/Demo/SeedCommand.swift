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
                let client = try await CityClient(environment: CtlEnvironment())
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
        created += try await createMissing(
            DemoData.shelters, by: "name", at: "/v1/shelters", on: .shelter, as: [.shelterManager], progress: &progress)
        created += try await createMissing(
            DemoData.partners, by: "name", at: "/v1/partners", on: .legalReferral, as: [.supervisor], progress: &progress)
        created += try await createMissing(
            insurers.map { ["name": .string($0.name)] }, by: "name", at: "/v1/insurers", on: .medicalInsurance, as: [.medicalDesk],
            progress: &progress
        ) { insurer in
            let plans = insurers.first { $0.name == insurer["name"].string }?.plans ?? []
            for plan in plans {
                try await client.expect("POST", .medicalInsurance, "/v1/insurers/\(insurer["id"].string ?? "")/plans", as: [.medicalDesk], body: plan)
            }
            return plans.count
        }
        created += try await createMissing(
            employers.map(\.employer), by: "taxId", at: "/v1/employers", on: .laborExchange, as: [.employmentOfficer], progress: &progress
        ) { employer in
            let vacancies = employers.first { $0.employer["taxId"] == employer["taxId"] }?.vacancies ?? []
            for case .object(var fields) in vacancies {
                fields["employerId"] = employer["id"]
                try await client.expect("POST", .laborExchange, "/v1/vacancies", as: [.employmentOfficer], body: .object(fields))
            }
            return vacancies.count
        }
        progress.finish()
        return created == 0
            ? "seed demo: \(client.city) already has the demo data"
            : "seed demo: \(created) record(s) created in \(client.city)"
    }

    /// POSTs each of `records` whose `key` matches nothing `path` lists yet, then lets `children`
    /// create what belongs to it (given the created record, with its `id`); returns how many
    /// records were created in all.
    private func createMissing(
        _ records: [JSONValue], by key: String, at path: String, on service: ServiceIdentity, as roles: [Role],
        progress: inout ProgressBar, children: (JSONValue) async throws -> Int = { _ in 0 }
    ) async throws -> Int {
        let known = Set(try await client.all(service, path, as: roles).compactMap { $0[key].string })
        var created = 0
        for record in records {
            if !known.contains(record[key].string ?? "") {
                let stored = try await client.expect("POST", service, path, as: roles, body: record)
                guard stored["id"].uuid != nil else { throw CtlError("\(service.rawValue) answered \(path) without an id") }
                created += 1 + (try await children(stored))
            }
            progress.advance()
        }
        return created
    }
}
