import Contracts
import Eventing
import Foundation
import Hummingbird
import Persistence
import ServiceKit

/// The labor exchange's API and the work behind it: employers (flagged by legal-referral's
/// events), vacancies, job seekers and their matches, placements with a year of follow-ups.
struct LaborAPI: Sendable {
    let database: PostgresPool
    let idempotency: IdempotentCreation
    let employers: EmployerStore
    let vacancies: VacancyStore
    let placements: PlacementStore
    let cases: CaseProjection
    let outbox: Outbox
    /// The regional monthly minimum wage; a vacancy paying less is flagged in matches.
    let minimumWage: Money?

    init(environment: ServiceEnvironment, configuration: LaborConfiguration) {
        let schema = environment.schema
        database = environment.database
        idempotency = IdempotentCreation(schema: schema, secret: environment.configuration.tokenSecret)
        employers = EmployerStore(schema: schema)
        vacancies = VacancyStore(schema: schema)
        placements = PlacementStore(schema: schema)
        cases = CaseProjection(schema: schema)
        outbox = environment.outbox
        minimumWage = configuration.minimumWage
    }

    func addRoutes(to router: Router<JardamRequestContext>) {
        addEmployerRoutes(to: router)
        addSeekerRoutes(to: router)
        addPlacementRoutes(to: router)
    }

    /// The best vacancies for a job seeker.
    func matches(for seeker: JobSeeker, limit: Int, on connection: PostgresConnection) async throws -> [Match] {
        let best = try await vacancies.bestMatches(for: seeker.facts, minimumWage: minimumWage, limit: limit, on: connection)
        return Matching.rank(best, for: seeker.facts, minimumWage: minimumWage, limit: limit)
    }

    /// Takes legal-referral's flag for `taxId`: every open vacancy of the employer is suspended
    /// (or published again when cleared), and partners are told.
    func setFlag(taxId: String, flagged: Bool, reason: String, at time: Date, on connection: PostgresConnection) async throws {
        try await employers.setFlag(taxId: taxId, flagged: flagged, reason: reason, at: time, on: connection)
        for vacancy in try await vacancies.open(ofTaxId: taxId, on: connection) {
            let subject = "vacancy/\(vacancy.id.lowercased)"
            if flagged {
                try await outbox.append(
                    VacancySuspended(vacancyId: vacancy.id, employerId: vacancy.employerId, reason: "employer flagged"), subject: subject,
                    on: connection)
            } else {
                try await announce(vacancy, on: connection)
            }
        }
    }

    /// `labor.vacancy.published.v1`.
    func announce(_ vacancy: Vacancy, on connection: PostgresConnection) async throws {
        try await outbox.append(
            VacancyPublished(
                vacancyId: vacancy.id, employerId: vacancy.employerId, occupation: vacancy.occupation, city: vacancy.city, wage: vacancy.wage,
                wagePeriod: vacancy.wagePeriod, positions: vacancy.positions),
            subject: "vacancy/\(vacancy.id.lowercased)", on: connection)
    }
}
