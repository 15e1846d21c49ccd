import Contracts
import Foundation
import HummingbirdTesting
import ServiceKit
import ServiceTestSupport
import TestSupport
import Testing

@testable import NetworkService

@Suite("The network statistics of one city")
struct StatisticsTests {
    /// A case of `needs` registered now, refusing research or not.
    static func register(_ network: ServiceHarness, refusingResearch: Bool = false) async throws -> (caseId: UUID, personRef: String) {
        let caseId = UUID()
        let personRef = UUID().lowercased
        try await network.deliver(
            CaseRegistered(
                caseId: caseId, personRef: personRef, channel: .hotline, language: "ky", sex: .female, ageBand: .from25To34, citizenship: "KG",
                needs: [.legal], vulnerabilities: [], priority: .normal, consents: [.legal]))
        if refusingResearch {
            try await network.deliver(ConsentChanged(caseId: caseId, purpose: .research, granted: false, expiresAt: nil, caseVersion: 2))
        }
        return (caseId, personRef)
    }

    static func publish(_ network: ServiceHarness, _ client: any TestClientProtocol, week: ISOWeek) async throws -> NetworkStatisticsPublished {
        let response = try await client.send(
            .post, "/v1/network/statistics/publish", token: try await network.token([.ops]), json: #"{"week": "\#(week)"}"#)
        guard response.status == .ok else { throw TestFailure("publish answered \(response.status): \(response.text)") }
        return try Wire.decode(NetworkStatisticsPublished.self, from: Data(response.text.utf8))
    }

    @Test func aWeekCountsCallsCasesAppealsAndPlacementsButNotCasesRefusingResearchNorErasedOnes() async throws {
        try await withNetwork { network, client in
            let week = ISOWeek(containing: Date())
            for _ in 0..<6 {
                try await network.deliver(HotlineCallLogged(language: "ky", topic: .unpaidWages, resolvedByPhone: true, durationSeconds: 300))
            }
            var counted: [(caseId: UUID, personRef: String)] = []
            for _ in 0..<6 { counted.append(try await Self.register(network)) }
            for _ in 0..<2 {
                let refusing = try await Self.register(network, refusingResearch: true)
                try await network.deliver(
                    PlacementStarted(
                        placementId: UUID(), caseId: refusing.caseId, vacancyId: UUID(), startDate: .init(year: 2026, month: 12, day: 1)!),
                    from: .laborExchange)
            }
            for (index, known) in counted.enumerated() {
                let referral = ReferralFacts(referralId: UUID(), caseId: known.caseId, partnerId: UUID(), issue: .unpaidWages, language: "ky")
                try await network.deliver(ReferralProposed(referral: referral), from: .legalReferral)
                if index == 0 { try await network.deliver(ReferralProposed(referral: referral), from: .legalReferral) }
                try await network.deliver(
                    PlacementStarted(placementId: UUID(), caseId: known.caseId, vacancyId: UUID(), startDate: .init(year: 2026, month: 12, day: 1)!),
                    from: .laborExchange)
            }
            let first = try await Self.publish(network, client, week: week)
            #expect(first.city == "testcity" && first.week == week.description)
            let calls = try #require(first.tables["hotlineCalls"])
            #expect(calls.rows == ["ky"] && calls.columns == HotlineTopic.known.map(\.rawValue), "every topic, zeros too")
            #expect(calls.count("ky", "unpaid-wages") == 6 && calls.total == 6 && calls.cells.joined().compactMap { $0 }.reduce(0, +) == 6)
            #expect(
                first.tables["newCases"]?.cells == [[6, 0, 0, 0]]
                    && first.tables["newCases"]?.columns == ["legal", "housing", "medical", "employment"])
            #expect(first.tables["appeals"]?.count("unpaid-wages", "ky") == 6, "a referral proposed twice is one appeal")
            #expect(first.tables["appeals"]?.rows == LegalIssue.known.map(\.rawValue))
            #expect(first.tables["labor"]?.cells == [[6, 0]], "the two cases refusing research are left out")
            #expect(first.suppressed.isEmpty)

            // One person erased: her case is no longer counted, and the small cells are hidden.
            try await network.deliver(PersonErased(personRef: counted[0].personRef, cases: [.init(caseId: counted[0].caseId, caseVersion: 2)]))
            let second = try await Self.publish(network, client, week: week)
            #expect(second.tables["newCases"]?.cells == [[5, 0, 0, 0]] && second.tables["appeals"]?.count("unpaid-wages", "ky") == 5)
            #expect(second.tables["labor"]?.cells == [[5, 0]])
            let outbox = try await network.outboxRows().filter { $0.event.type == NetworkStatisticsPublished.type }
            #expect(outbox.count == 2 && outbox.allSatisfy { $0.exchange == "jardam.network" }, "each publication goes to the network")
        }
    }

    @Test func theNetworksSumAddsTheLinkedCitiesPublicationsAndSuppressesAgain() async throws {
        try await withNetwork { network, client in
            let week = ISOWeek(containing: Date())
            try await network.link(client, city: "moscow")
            for _ in 0..<6 {
                try await network.deliver(HotlineCallLogged(language: "ky", topic: .unpaidWages, resolvedByPhone: true, durationSeconds: 300))
            }
            _ = try await Self.publish(network, client, week: week)
            let moscow = NetworkStatisticsPublished(
                city: "moscow", week: week.description,
                tables: [
                    "hotlineCalls": StatisticsTable(
                        rows: ["ky", "tg"], columns: ["documents", "unpaid-wages", "work-permit"], counts: [[10, 9, 12], [6, 3, 20]])
                ], suppressed: [])
            #expect(moscow.tables["hotlineCalls"]?.cells == [[nil, nil, 12], [nil, nil, 20]], "the 3 and a rectangle around it are hidden")
            #expect(try await network.deliver(try EventEnvelope(moscow, city: "moscow", service: .network)))
            let supervisor = try await network.token([.supervisor])
            let summed = try await client.send(.get, "/v1/network/statistics?from=\(week.previous)&to=\(week)", token: supervisor)
            #expect(summed.status == .ok, "\(summed.text)")
            struct Summed: Decodable { let publications: Int; let tables: [String: StatisticsTable] }
            let sum = try Wire.decode(Summed.self, from: Data(summed.text.utf8))
            #expect(sum.publications == 2)
            let calls = try #require(sum.tables["hotlineCalls"])
            #expect(calls.rows == ["ky", "tg"] && Set(calls.columns) == Set(HotlineTopic.known.map(\.rawValue)))
            #expect(calls.count("ky", "work-permit") == 12 && calls.count("tg", "work-permit") == 20 && calls.count("ky", "housing") == 0)
            for hidden in [("ky", "documents"), ("ky", "unpaid-wages"), ("tg", "documents"), ("tg", "unpaid-wages")] {
                #expect(calls.count(hidden.0, hidden.1) == nil, "what Moscow hid stays hidden: \(hidden)")
            }
            #expect(calls.rowTotals == [37, 29] && calls.total == 66, "the totals add up: \(calls)")
            #expect(calls.columnTotal("documents") == 16 && calls.columnTotal("unpaid-wages") == 18 && calls.columnTotal("work-permit") == 32)
            let onlyMoscow = try Wire.decode(
                Summed.self,
                from: Data(try await client.send(.get, "/v1/network/statistics?from=\(week)&to=\(week)&city=moscow", token: supervisor).text.utf8))
            #expect(onlyMoscow.publications == 1 && onlyMoscow.tables["hotlineCalls"]?.total == 60)
            for bad in ["from=2026-48&to=\(week)", "from=\(week)&to=\(week.previous)", "to=\(week)", "from=\(week)&to=\(week)&city=Moscow"] {
                #expect(try await client.send(.get, "/v1/network/statistics?\(bad)", token: supervisor).status == .unprocessableContent, "\(bad)")
            }
            #expect(
                try await client.send(.get, "/v1/network/statistics?from=\(week)&to=\(week)", token: try await network.token([.caseworker])).status
                    == .forbidden)
        }
    }
}

@Suite("Another city's statistics are checked before they are summed")
struct ReceivedStatisticsTests {
    @Test(arguments: [
        StatisticsTable(rows: ["ky"], columns: ["a", "b"], cells: [[1]], rowTotals: nil, columnTotals: nil, total: 1),
        StatisticsTable(rows: ["ky", "ru"], columns: ["a", "b"], cells: [[1, 2]], rowTotals: nil, columnTotals: nil, total: 3),
        StatisticsTable(rows: ["ky"], columns: ["a", "b"], cells: [[1, 2]], rowTotals: [3, 3], columnTotals: nil, total: 3),
        StatisticsTable(rows: ["ky", "ky"], columns: ["a", "b"], cells: [[1, 2], [1, 2]], rowTotals: nil, columnTotals: nil, total: 6),
        StatisticsTable(rows: ["ky"], columns: ["a", "b"], cells: [[-1, 2]], rowTotals: nil, columnTotals: nil, total: 1),
        StatisticsTable(rows: ["ky"], columns: ["a", "b"], cells: [[Int.max, 2]], rowTotals: nil, columnTotals: nil, total: 2),
    ])
    func aTableThatCannotBeSummedIsRefusedAndNothingIsKept(_ table: StatisticsTable) async throws {
        try await withNetwork { network, client in
            try await network.link(client, city: "moscow")
            let publication = NetworkStatisticsPublished(city: "moscow", week: "2026-W48", tables: ["hotlineCalls": table], suppressed: [])
            await #expect(throws: NetworkError.malformedStatistics("moscow")) {
                try await network.deliver(try EventEnvelope(publication, city: "moscow", service: .network))
            }
            let week = NetworkStatisticsPublished(city: "moscow", week: "2027-W53", tables: [:], suppressed: [])
            await #expect(throws: NetworkError.malformedStatistics("moscow")) {
                try await network.deliver(try EventEnvelope(week, city: "moscow", service: .network))
            }
            #expect(try await network.rawText("SELECT city FROM \"\(network.schema)\".statistics_publications").isEmpty)
            let summed = try await client.send(
                .get, "/v1/network/statistics?from=2026-W48&to=2026-W48", token: try await network.token([.supervisor]))
            #expect(summed.status == .ok, "summing still answers")
        }
    }
}

extension StatisticsTable {
    /// The cell of `row` and `column`, `nil` when hidden (or absent).
    func count(_ row: String, _ column: String) -> Int? {
        guard let r = rows.firstIndex(of: row), let c = columns.firstIndex(of: column) else { return nil }
        return cells[r][c]
    }

    /// The published total of `column`.
    func columnTotal(_ column: String) -> Int? {
        columns.firstIndex(of: column).flatMap { columnTotals?[$0] } ?? nil
    }
}
