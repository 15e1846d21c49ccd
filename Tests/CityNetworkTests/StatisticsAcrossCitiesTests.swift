import Contracts
import Foundation
import ServiceKit
import TestSupport
import Testing

/// Each city publishes its week; every city sums the three: the sum is right, small cells are
/// suppressed, and no suppressed cell can be worked out from what is published.
@Suite("The network statistics of three cities", .serialized)
struct StatisticsAcrossCitiesTests {
    /// The current ISO week (UTC), as the services count it.
    static var week: String {
        var calendar = Calendar(identifier: .iso8601)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.yearForWeekOfYear, .weekOfYear], from: Date())
        return String(format: "%04d-W%02d", parts.yearForWeekOfYear!, parts.weekOfYear!)
    }

    /// `city`'s publication of the week, made now.
    static func publish(_ city: LocalCity) async throws -> NetworkStatisticsPublished {
        try await city.expect(
            "POST", .network, "/v1/network/statistics/publish", as: [.ops], json: #"{"week": "\#(week)"}"#, reading: NetworkStatisticsPublished.self)
    }

    /// Logs `count` hotline calls in `city`.
    static func calls(_ count: Int, language: String, topic: String, in city: LocalCity) async throws {
        for _ in 0..<count {
            try await city.expect(
                "POST", .intake, "/v1/hotline/calls", as: [.operator],
                json: #"{"language": "\#(language)", "topic": "\#(topic)", "durationSeconds": 240, "resolvedByPhone": true}"#)
        }
    }

    /// Every hidden cell of `table` an outsider can recompute from its totals.
    static func recomputed(_ table: StatisticsTable) -> [(row: Int, column: Int)] {
        Recomputation.determined(cells: table.cells, rowTotals: table.rowTotals, columnTotals: table.columnTotals, total: table.total)
    }

    @Test func theSumOverThreeCitiesIsRightSmallCellsAreSuppressedAndNoneCanBeRecomputed() async throws {
        let cities = try LocalCity.all()
        // Languages of this run only (a BCP-47 private subtag), so that its cells hold its calls alone.
        let run = "x" + UUID().uuidString.prefix(7).lowercased().filter { $0.isLetter || $0.isNumber }
        let (ky, ru, tg) = ("ky-\(run)", "ru-\(run)", "tg-\(run)")
        let plan: [[(count: Int, language: String, topic: String)]] = [
            [(7, ky, "unpaid-wages"), (2, ru, "unpaid-wages"), (6, ky, "housing"), (9, tg, "documents")],
            [(3, ky, "unpaid-wages"), (8, tg, "documents"), (6, ru, "housing")],
            [(1, ky, "unpaid-wages"), (9, ru, "unpaid-wages"), (12, tg, "housing")],
        ]
        var publications: [NetworkStatisticsPublished] = []
        for (city, calls) in zip(cities, plan) {
            let before = try await Self.publish(city).tables["hotlineCalls"]?.total ?? 0
            for call in calls { try await Self.calls(call.count, language: call.language, topic: call.topic, in: city) }
            let expected = before + calls.reduce(0) { $0 + $1.count }
            var latest: NetworkStatisticsPublished?
            #expect(
                try await eventually(.seconds(60)) {
                    latest = try await Self.publish(city)
                    return latest?.tables["hotlineCalls"]?.total == expected
                }, "\(city.name) counted its calls")
            publications.append(try #require(latest))
        }
        for publication in publications {
            for (name, table) in publication.tables {
                #expect(table.cells.joined().allSatisfy { $0 == nil || $0 == 0 || $0! >= 5 }, "\(publication.city) \(name) shows no cell under 5")
                #expect(Self.recomputed(table).isEmpty, "\(publication.city) \(name): a hidden cell can be recomputed: \(table)")
            }
        }
        #expect(publications[0].suppressed.contains { $0.table == "hotlineCalls" && $0.row == ru && $0.column == "unpaid-wages" })
        #expect(publications[2].suppressed.contains { $0.table == "hotlineCalls" && $0.row == ky && $0.column == "unpaid-wages" })

        // What every city sums: each table's totals add up, a cell is shown only where every city showed it.
        struct Summed: Decodable { let publications: Int; let tables: [String: StatisticsTable] }
        let calls = publications.compactMap { $0.tables["hotlineCalls"] }
        for city in cities {
            var summed: Summed?
            #expect(
                try await eventually(.seconds(60)) {
                    summed = try await city.expect(
                        "GET", .network, "/v1/network/statistics?from=\(Self.week)&to=\(Self.week)", as: [.auditor], reading: Summed.self)
                    return summed?.publications == 3 && summed?.tables["hotlineCalls"]?.total == calls.reduce(0) { $0 + $1.total }
                }, "\(city.name) has the three publications")
            for (name, table) in try #require(summed).tables {
                let parts = publications.compactMap { $0.tables[name] }
                #expect(table.total == parts.reduce(0) { $0 + $1.total }, "\(city.name) \(name): the total is the sum")
                for (row, rowName) in table.rows.enumerated() {
                    for (column, columnName) in table.columns.enumerated() {
                        guard let shown = table.cells[row][column] else { continue }
                        let each = parts.map { part -> Int? in
                            guard let r = part.rows.firstIndex(of: rowName), let c = part.columns.firstIndex(of: columnName) else { return 0 }
                            return part.cells[r][c]
                        }
                        #expect(!each.contains(nil), "\(city.name) \(name) \(rowName)/\(columnName) is shown though a city hid it")
                        #expect(shown == each.compactMap { $0 }.reduce(0, +), "\(city.name) \(name) \(rowName)/\(columnName) is the sum")
                        #expect(shown == 0 || shown >= 5)
                    }
                }
                #expect(Self.recomputed(table).isEmpty, "\(city.name) \(name): a hidden cell of the sum can be recomputed: \(table)")
            }
        }
    }
}
