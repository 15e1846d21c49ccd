import Contracts
import Eventing
import Foundation
import Persistence
import ServiceKit

/// The labor exchange's core: employers (flagged by legal-referral's events), vacancies, job
/// seekers and their matches, placements with a year of follow-ups. It knows nothing of HTTP; it
/// throws ``LaborError``s, runs its transactions and writes its events to the outbox in them.
/// Routes (`Routes/`) and reactions (`Reactions/`) call it.
struct Exchange: Sendable {
    let database: PostgresPool
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
        employers = EmployerStore(schema: schema)
        vacancies = VacancyStore(schema: schema)
        placements = PlacementStore(schema: schema)
        cases = CaseProjection(schema: schema)
        outbox = environment.outbox
        minimumWage = configuration.minimumWage
    }

    // MARK: - Employers and vacancies

    /// Registers an employer, in the caller's transaction; ``LaborError/employerExists`` for a tax id on record.
    func registerEmployer(taxId: String, name: String, city: String, on connection: PostgresConnection) async throws -> UUID {
        guard try await employers.load(taxId: taxId, on: connection) == nil else { throw LaborError.employerExists }
        let id = UUID()
        try await employers.insert(id: id, taxId: taxId, name: name, city: city, on: connection)
        return id
    }

    /// The employer `id`.
    func employer(_ id: UUID) async throws -> Employer {
        guard let employer = try await database.withConnection({ try await employers.load(id, on: $0) }) else { throw LaborError.employerNotFound }
        return employer
    }

    /// A page of employers and the cursor of the next.
    func employers(cursor: Int?, limit: Int) async throws -> (employers: [Employer], next: Int?) {
        try await employers.list(cursor: cursor, limit: limit, database: database)
    }

    /// Stores `vacancy`, in the caller's transaction, and publishes it unless its employer is
    /// flagged (then it waits, suspended, for the flag to be cleared).
    func publish(_ vacancy: Vacancy, on connection: PostgresConnection) async throws {
        guard let employer = try await employers.load(vacancy.employerId, on: connection) else { throw LaborError.unknownEmployer }
        try await vacancies.insert(vacancy, on: connection)
        if !employer.flagged { try await announce(vacancy, on: connection) }
    }

    /// The vacancy `id`.
    func vacancy(_ id: UUID) async throws -> Vacancy {
        guard let vacancy = try await database.withConnection({ try await vacancies.load(id, on: $0) }) else { throw LaborError.vacancyNotFound }
        return vacancy
    }

    /// A page of vacancies, of one employer or open ones only if asked.
    func vacancies(employerId: UUID?, openOnly: Bool, cursor: Int?, limit: Int) async throws -> (vacancies: [Vacancy], next: Int?) {
        try await vacancies.list(employerId: employerId, openOnly: openOnly, cursor: cursor, limit: limit, database: database)
    }

    // MARK: - Job seekers and matches

    /// Registers a job seeker of an open case that consents to employment (``CaseRefusal``
    /// otherwise), in the caller's transaction, and proposes the best three vacancies on the
    /// case's timeline.
    func register(_ seeker: JobSeeker, on connection: PostgresConnection) async throws {
        _ = try await cases.permitting(.employment, caseId: seeker.caseId, field: "caseId", on: connection)
        guard try await placements.seeker(caseId: seeker.caseId, on: connection) == nil else { throw LaborError.seekerExists }
        try await placements.insert(seeker, on: connection)
        for match in try await matches(for: seeker, limit: 3, on: connection) {
            try await outbox.append(
                MatchProposed(caseId: seeker.caseId, vacancyId: match.vacancyId, score: match.score), subject: "case/\(seeker.caseId.lowercased)",
                on: connection)
        }
    }

    /// The profile of the case `caseId`, if it has one (a case has one at most).
    func seekers(ofCase caseId: UUID) async throws -> [JobSeeker] {
        try await database.withConnection { try await placements.seeker(caseId: caseId, on: $0) }.map { [$0] } ?? []
    }

    /// The job seeker `id`.
    func seeker(_ id: UUID) async throws -> JobSeeker {
        guard let seeker = try await database.withConnection({ try await placements.seeker(id, on: $0) }) else { throw LaborError.seekerNotFound }
        return seeker
    }

    /// The best `limit` vacancies for job seeker `id`, with their titles and employers.
    func matchViews(forSeeker id: UUID, limit: Int) async throws -> [MatchView] {
        try await database.withConnection { connection in
            guard let seeker = try await placements.seeker(id, on: connection) else { throw LaborError.seekerNotFound }
            _ = try await cases.permitting(.employment, caseId: seeker.caseId, on: connection)
            let ranked = try await matches(for: seeker, limit: limit, on: connection)
            let titles = try await vacancies.titles(of: ranked.map(\.vacancyId), on: connection)
            return ranked.compactMap { match in
                titles[match.vacancyId].map {
                    MatchView(
                        vacancyId: match.vacancyId, title: $0.title, employerId: $0.employerId, score: match.score, reasons: match.reasons,
                        belowMinimumWage: match.belowMinimumWage)
                }
            }
        }
    }

    /// The best vacancies for a job seeker.
    func matches(for seeker: JobSeeker, limit: Int, on connection: PostgresConnection) async throws -> [Match] {
        let best = try await vacancies.bestMatches(for: seeker.facts, minimumWage: minimumWage, limit: limit, on: connection)
        return Matching.rank(best, for: seeker.facts, minimumWage: minimumWage, limit: limit)
    }

    /// Takes a city's decision about `taxId` (`city` `""`: this city's legal-referral; any other,
    /// a city of the network): when the employer's flag changes, every open vacancy of the
    /// employer is suspended (or published again once no city flags it), and partners are told.
    func setFlag(taxId: String, city: String, flagged: Bool, reason: String, at time: Date, on connection: PostgresConnection) async throws {
        guard try await employers.decide(taxId: taxId, city: city, flagged: flagged, reason: reason, at: time, on: connection) else { return }
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

    // MARK: - Placements

    /// Places the worker of `caseId` (an open case consenting to employment) in a position of
    /// `vacancyId`, in the caller's transaction.
    func place(caseId: UUID, vacancyId: UUID, startDate: CalendarDate, on connection: PostgresConnection) async throws -> UUID {
        _ = try await cases.permitting(.employment, caseId: caseId, field: "caseId", on: connection)
        guard let vacancy = try await vacancies.load(vacancyId, on: connection) else { throw LaborError.unknownVacancy }
        guard vacancy.status != .suspended else { throw LaborError.employerFlagged }
        guard try await vacancies.takePosition(vacancyId, on: connection) else { throw LaborError.noPositionLeft }
        let id = UUID()
        try await placements.insert(id: id, caseId: caseId, vacancy: vacancy, startDate: startDate, on: connection)
        try await outbox.append(
            PlacementStarted(placementId: id, caseId: caseId, vacancyId: vacancyId, startDate: startDate), subject: "case/\(caseId.lowercased)",
            on: connection)
        return id
    }

    /// The placement `id`.
    func placement(_ id: UUID) async throws -> Placement {
        guard let placement = try await database.withConnection({ try await placements.placement(id, on: $0) }) else {
            throw LaborError.placementNotFound
        }
        return placement
    }

    /// Records the month `month` follow-up of placement `id`, once; wages not paid on time are
    /// reported to legal-referral (`labor.wage-arrears.reported.v1`, with what is owed).
    func recordFollowUp(
        of id: UUID, month: Int, wagePaidOnTime: Bool, conditionsOk: Bool, note: String?, unpaid: Money?, now: Date
    ) async throws -> Placement {
        try await database.withTransaction { connection in
            guard let placement = try await placements.placement(id, on: connection),
                let employer = try await employers.load(placement.employerId, on: connection)
            else { throw LaborError.placementNotFound }
            _ = try await cases.permitting(.employment, caseId: placement.caseId, on: connection)
            guard
                try await placements.record(
                    placementId: id, month: month, wagePaidOnTime: wagePaidOnTime, conditionsOk: conditionsOk, note: note, at: now, on: connection)
            else { throw LaborError.followUpRecorded(month: month) }
            let subject = "case/\(placement.caseId.lowercased)"
            try await outbox.append(
                FollowUpRecorded(placementId: id, caseId: placement.caseId, month: month, wagePaidOnTime: wagePaidOnTime, conditionsOk: conditionsOk),
                subject: subject, on: connection)
            if !wagePaidOnTime {
                try await outbox.append(
                    WageArrearsReported(caseId: placement.caseId, taxId: employer.taxId, amount: unpaid), subject: subject, on: connection)
            }
            guard let recorded = try await placements.placement(id, on: connection) else { throw LaborError.placementNotFound }
            return recorded
        }
    }

    /// Stops the work for a case (consent withdrawn, case closed): its job-seeker profile goes
    /// (and with it the matches proposed from it), its follow-ups not yet recorded are dropped;
    /// announced (`labor.job-seeker.removed.v1`) when there was anything to stop.
    func stopWork(caseId: UUID, reason: String, on connection: PostgresConnection) async throws {
        let seekerId = try await placements.removeSeeker(caseId: caseId, on: connection)
        let dropped = try await placements.dropPendingFollowUps(caseId: caseId, on: connection)
        guard seekerId != nil || dropped > 0 else { return }
        try await outbox.append(
            JobSeekerRemoved(caseId: caseId, seekerId: seekerId, followUpsDropped: dropped, reason: reason), subject: "case/\(caseId.lowercased)",
            on: connection)
    }

    /// Forgets a case whose person was erased: the work stops and the notes of its follow-ups go.
    func forget(caseId: UUID, on connection: PostgresConnection) async throws {
        try await stopWork(caseId: caseId, reason: "person erased", on: connection)
        try await placements.forgetNotes(caseId: caseId, on: connection)
    }

    /// Follow-ups due before `today` and not recorded.
    func overdue(today: CalendarDate) async throws -> [Overdue] {
        try await placements.overdue(today: today, database: database).map {
            Overdue(placementId: $0.placementId, caseId: $0.caseId, month: $0.month, due: $0.due)
        }
    }

    /// Placements, follow-ups and wage problems, in all and by employer.
    func placementStatistics() async throws -> PlacementStatistics {
        let rows = try await placements.statistics(database: database)
        return PlacementStatistics(
            placements: rows.map(\.line.placements).reduce(0, +), followUpsDone: rows.map(\.done).reduce(0, +),
            followUpsOverdue: rows.map(\.overdue).reduce(0, +), wageProblems: rows.map(\.line.wageProblems).reduce(0, +),
            byEmployer: rows.map(\.line))
    }
}
