import Contracts
import Eventing
import Foundation
import Persistence
import ServiceKit

/// The network statistics (CONTRACT.md §7): what this city counts from its own events, its
/// weekly publication to the network, the other cities' publications, and their sums.
struct NetworkStatistics: Sendable {
    let database: PostgresPool
    let store: StatisticsStore
    let cases: CaseProjection
    let hub: NetworkHub

    init(environment: ServiceEnvironment, hub: NetworkHub) {
        database = environment.database
        store = StatisticsStore(schema: environment.schema)
        cases = CaseProjection(schema: environment.schema)
        self.hub = hub
    }

    /// The tables, each with its rows and columns: a closed list (every value, zeros too), or
    /// `nil` for those seen in the week (languages). One dimension is always a closed list of two
    /// values or more, so that a small cell always has a partner in its line to hide with.
    static let tables: [String: (rows: [String]?, columns: [String]?)] = [
        "hotlineCalls": (nil, HotlineTopic.known.map(\.rawValue)), "appeals": (LegalIssue.known.map(\.rawValue), nil),
        "newCases": (["cases"], Need.known.map(\.rawValue)), "labor": (["cases"], ["placements", "wageArrearsReports"]),
    ]

    // MARK: - Counting, in the inbox transaction

    /// A hotline call: by language and topic (calls name no case).
    func count(_ call: HotlineCallLogged, at time: Date, on connection: PostgresConnection) async throws {
        try await store.count(
            week: ISOWeek(containing: time), table: "hotlineCalls", row: call.language, column: call.topic.rawValue, caseId: nil, on: connection)
    }

    /// A new case: once under each of its needs.
    func count(_ registration: CaseRegistered, at time: Date, on connection: PostgresConnection) async throws {
        for need in Set(registration.needs) {
            try await store.count(
                week: ISOWeek(containing: time), table: "newCases", row: "cases", column: need.rawValue, caseId: registration.caseId,
                onceKey: "newCases/\(registration.caseId.lowercased)/\(need.rawValue)", on: connection)
        }
    }

    /// An appeal (a referral to a lawyer or an NGO), by issue and language, once per referral.
    func count(_ referral: ReferralFacts, at time: Date, on connection: PostgresConnection) async throws {
        try await store.count(
            week: ISOWeek(containing: time), table: "appeals", row: referral.issue.rawValue, column: referral.language, caseId: referral.caseId,
            onceKey: "appeals/\(referral.referralId.lowercased)", on: connection)
    }

    /// A placement started or a wage-arrears report (`column`) of a case.
    func countLabor(_ column: String, caseId: UUID, at time: Date, on connection: PostgresConnection) async throws {
        try await store.count(week: ISOWeek(containing: time), table: "labor", row: "cases", column: column, caseId: caseId, on: connection)
    }

    /// Forgets what was counted of an erased case.
    func forget(caseId: UUID, on connection: PostgresConnection) async throws {
        try await store.forget(caseId: caseId, on: connection)
    }

    // MARK: - Publishing

    /// This city's tables of `week` as they are published: counts of cases not refusing research,
    /// suppressed.
    func tables(of week: ISOWeek, on connection: PostgresConnection) async throws -> NetworkStatisticsPublished {
        let counts = try await store.counts(of: week, on: connection)
        var tables: [String: StatisticsTable] = [:]
        var suppressed: [SuppressedCell] = []
        for (name, dimensions) in Self.tables {
            let mine = counts.filter { $0.table == name }
            let rows = dimensions.rows ?? Array(Set(mine.map(\.row))).sorted()
            let columns = dimensions.columns ?? Array(Set(mine.map(\.column))).sorted()
            let grid: [[Int?]] = rows.map { row in
                columns.map { column in mine.first { $0.row == row && $0.column == column }?.count ?? 0 }
            }
            let table = StatisticsTable(rows: rows, columns: columns, counts: grid)
            tables[name] = table
            suppressed += table.suppressedCells.map { SuppressedCell(table: name, row: $0.row, column: $0.column) }
        }
        return NetworkStatisticsPublished(
            city: hub.city, week: week.description, tables: tables,
            suppressed: suppressed.sorted { ($0.table, $0.row, $0.column) < ($1.table, $1.row, $1.column) })
    }

    /// Publishes this city's tables of `week` to the network now (again, if it was published:
    /// the latest stands everywhere) and keeps them.
    func publish(_ week: ISOWeek, now: Date) async throws -> NetworkStatisticsPublished {
        try await database.withTransaction { connection in
            let publication = try await tables(of: week, on: connection)
            let envelope = try await hub.outbox.appendToNetwork(publication, subject: "statistics/\(week)", on: connection)
            try await store.save(publication, publishedAt: envelope.time, on: connection)
            return publication
        }
    }

    /// At a week's end: publishes the week before `now` unless it is published already.
    func publishDue(now: Date) async throws {
        let due = ISOWeek(containing: now).previous
        let last = try await database.withConnection { try await store.lastPublished(by: hub.city, on: $0) }
        guard last.flatMap(ISOWeek.init).map({ $0 < due }) ?? true else { return }
        _ = try await publish(due, now: now)
    }

    // MARK: - The network's

    /// Another city's publication, arrived on `jardam.network`: kept once checked (its week exists,
    /// each table can be summed: ``StatisticsTable/isWellFormed``; else ``NetworkError``).
    func receive(_ publication: NetworkStatisticsPublished, envelope: EventEnvelope, on connection: PostgresConnection) async throws {
        guard ISOWeek(publication.week) != nil, publication.tables.values.allSatisfy(\.isWellFormed) else {
            throw NetworkError.malformedStatistics(publication.city)
        }
        guard try await hub.receivedFromNetwork(envelope, city: publication.city, on: connection) != nil else { return }
        try await store.save(publication, publishedAt: envelope.time, on: connection)
    }

    /// The tables of the weeks `from` to `to` (of `city`, or of every city), summed and
    /// suppressed again.
    func sum(from: ISOWeek, to: ISOWeek, city: String?) async throws -> (tables: [String: StatisticsTable], publications: Int) {
        let publications = try await store.publications(from: from, to: to, city: city, database: database)
        var tables: [String: StatisticsTable] = [:]
        for name in Self.tables.keys {
            tables[name] = StatisticsTable.sum(publications.compactMap { $0.tables[name] })
        }
        return (tables, publications.count)
    }
}
