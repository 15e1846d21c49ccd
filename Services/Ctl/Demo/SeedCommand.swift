import ArgumentParser
import ConsoleAccounts
import Contracts
import Foundation
import HummingbirdBcrypt
import ServiceKit

/// `jardamctl seed demo`: loads the demo reference data into a running city, once;
/// `jardamctl seed staff`: the demo's console accounts, one per role.
struct SeedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "seed", abstract: "Load reference data.", subcommands: [Demo.self, Staff.self])

    struct Staff: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make (or reset) a demo console account for each role and print each one-time password.",
            discussion:
                "After seed demo: the lawyers belong to the demo's first two partner firms. Each run gives every demo account a new one-time password (jardamctl staff reset). Not for a city with real staff."
        )

        func run() async throws {
            try await reportingFailures {
                let environment = CtlEnvironment()
                let client = try await CityClient(environment: environment)
                let partners = try await client.all(.legalReferral, "/v1/partners", as: [.supervisor])
                func partner(_ index: Int) throws -> UUID {
                    let name = DemoData.partners[index]["name"].string
                    guard let id = partners.first(where: { $0["name"].string == name })?["id"].uuid else {
                        throw CtlError("the demo's partner \(name ?? "?") is missing: run jardamctl seed demo first")
                    }
                    return id
                }
                let accounts = [
                    DemoStaff(username: "demo-operator", name: "Айгерим (hotline)", roles: [.operator], language: .ky),
                    DemoStaff(username: "demo-caseworker", name: "Ольга (cases)", roles: [.caseworker], language: .ru),
                    DemoStaff(username: "demo-supervisor", name: "Марат (supervisor)", roles: [.supervisor], language: .ru),
                    DemoStaff(username: "demo-lawyer", name: "Бакыт (Bishkek Legal Aid)", roles: [.lawyer], partner: try partner(0), language: .ky),
                    DemoStaff(
                        username: "demo-lawyer-2", name: "Фарход (Dushanbe Lawyers Collegium)", roles: [.lawyer], partner: try partner(1),
                        language: .ru),
                    DemoStaff(username: "demo-shelter", name: "Наталья (shelters)", roles: [.shelterManager], language: .ru),
                    DemoStaff(username: "demo-medical", name: "Anna (medical desk)", roles: [.medicalDesk], language: .en),
                    DemoStaff(username: "demo-labor", name: "Timur (labor desk)", roles: [.employmentOfficer], language: .ru),
                ]
                print(
                    "console: \(try environment.consoleURL().absoluteString) (one-time passwords; each is changed, and a code app enrolled, at the first sign-in)"
                )
                for account in accounts {
                    let password = StaffCommand.oneTimePassword()
                    let hash = Bcrypt.hash(password, cost: StaffCommand.bcryptCost)
                    try await StaffCommand.withAccounts { store, database in
                        if try await !store.insert(
                            id: UUID(), username: account.username, displayName: account.name, roles: account.roles, partnerId: account.partner,
                            language: account.language, passwordHash: hash, database: database)
                        {
                            _ = try await store.reset(username: account.username, passwordHash: hash, database: database)
                        }
                    }
                    let roles = account.roles.map(\.rawValue).joined(separator: ",")
                    print(
                        "  \(roles.padding(toLength: 19, withPad: " ", startingAt: 0)) \(account.username.padding(toLength: 16, withPad: " ", startingAt: 0)) password: \(password)"
                    )
                }
            }
        }
    }

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

/// One demo console account.
struct DemoStaff {
    let username: String
    let name: String
    let roles: [Role]
    var partner: UUID? = nil
    let language: ConsoleLanguage
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
