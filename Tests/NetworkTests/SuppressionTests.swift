import Contracts
import TestSupport
import Testing

@testable import NetworkService

@Suite("Complementary suppression: no cell under 5 can be read or worked out from the totals")
struct SuppressionTests {
    /// The hidden cells of `table` an outsider recomputes from its totals.
    static func recomputed(_ table: StatisticsTable) -> [(row: Int, column: Int)] {
        Recomputation.determined(cells: table.cells, rowTotals: table.rowTotals, columnTotals: table.columnTotals, total: table.total)
    }

    static func publish(_ counts: [[Int]]) -> StatisticsTable {
        StatisticsTable(
            rows: counts.indices.map { "r\($0)" }, columns: (counts.first ?? []).indices.map { "c\($0)" }, counts: counts.map { $0.map { $0 } })
    }

    @Test(arguments: [
        [[12, 3, 40], [9, 25, 7], [30, 11, 18]],
        [[2, 30], [40, 50]],
        [[1, 2, 3], [4, 1, 2]],
        [[0, 3, 0, 9], [8, 0, 12, 7], [10, 11, 0, 2]],
        [[7, 9, 3, 20]],
        [[3], [9], [20]],
        [[6, 8], [9, 10]],
        [[4, 0, 0], [0, 0, 0], [0, 0, 7]],
    ])
    func everySmallCellIsHiddenAndNoHiddenCellCanBeRecomputed(_ counts: [[Int]]) {
        let table = Self.publish(counts)
        for (row, line) in counts.enumerated() {
            for (column, count) in line.enumerated() where (1...4).contains(count) {
                #expect(table.cells[row][column] == nil, "\(count) at \(row),\(column) is hidden")
            }
        }
        #expect(Self.recomputed(table).isEmpty, "recomputed: \(Self.recomputed(table)) of \(table.cells)")
        #expect(table.total == counts.joined().reduce(0, +))
        if counts.allSatisfy({ $0.allSatisfy { $0 == 0 || $0 >= 5 } }) { #expect(table.cells.joined().allSatisfy { $0 != nil }, "nothing hidden") }
    }

    @Test func aThousandRandomTablesNeverLetAHiddenCellBeRecomputed() {
        var generator = SeededGenerator(seed: 20_261_203)
        var hiddenSeen = 0
        for _ in 0..<1000 {
            let rows = Int.random(in: 1...5, using: &generator)
            let columns = Int.random(in: 1...6, using: &generator)
            let counts = (0..<rows).map { _ in (0..<columns).map { _ in [0, 1, 2, 4, 5, 8, 13, 30].randomElement(using: &generator)! } }
            let table = Self.publish(counts)
            hiddenSeen += table.cells.joined().filter { $0 == nil }.count
            let smallVisible = zip(counts.joined(), table.cells.joined()).contains { (1...4).contains($0) && $1 != nil }
            #expect(!smallVisible, "a small cell is visible in \(counts)")
            // A table of one cell cannot hide it from its own total.
            guard rows * columns > 1 else { continue }
            #expect(Self.recomputed(table).isEmpty, "recomputed in \(counts): \(table.cells)")
        }
        #expect(hiddenSeen > 1000, "the tables had cells to hide")
    }

    @Test func theRecomputationAttemptFindsACellLeftAloneInItsLine() {
        // Without complementary suppression, the 3 is its row's total minus the rest.
        #expect(
            Recomputation.determined(cells: [[12, nil, 40], [9, 25, 7]], rowTotals: [55, 41], columnTotals: [21, 28, 47], total: 96).count == 1)
        // A bridge between two rectangles is worked out too.
        let bridged: [[Int?]] = [[nil, nil, 9, 9], [nil, nil, nil, 9], [9, 9, nil, nil], [9, 9, nil, nil]]
        #expect(Recomputation.determined(cells: bridged, rowTotals: [1, 1, 1, 1], columnTotals: [1, 1, 1, 1], total: 4).map(\.column) == [2])
    }

    @Test func sumsOfCitiesHideWhatAnyCityHidAndAreSuppressedAgain() {
        let moscow = Self.publish([[7, 2], [6, 9]])
        let yekaterinburg = Self.publish([[3, 8], [5, 5]])
        let sum = StatisticsTable.sum([moscow, yekaterinburg])
        #expect(sum.total == moscow.total + yekaterinburg.total)
        #expect(sum.rowTotals == [20, 25] && sum.columnTotals == [21, 24])
        #expect(sum.cells.joined().contains(nil), "a cell one city hid is not known in the sum")
        #expect(Self.recomputed(sum).isEmpty)
        let big = StatisticsTable.sum([Self.publish([[7, 20], [6, 9]]), Self.publish([[5, 8], [50, 5]])])
        #expect(big.cells == [[12, 28], [56, 14]], "known everywhere, nothing under 5: all shown")
    }
}

/// A small deterministic generator (SplitMix64), so that a failing table can be found again.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite("ISO weeks")
struct ISOWeekTests {
    @Test func weeksAreReadWrittenAndFoundAsISO8601SaysInUTC() throws {
        #expect(ISOWeek("2026-W48")?.description == "2026-W48")
        #expect(ISOWeek("2026-W53") != nil, "2026 begins on a Thursday: 53 weeks")
        #expect(ISOWeek("2027-W53") == nil && ISOWeek("2026-W00") == nil && ISOWeek("2026-48") == nil && ISOWeek("2026-W4") == nil)
        #expect(ISOWeek("1899-W01") == nil && ISOWeek("２０２６-W48") == nil)
        let december3 = try #require(ISOWeek("2026-W49"))
        #expect(ISOWeek(containing: december3.start) == december3)
        #expect(december3.start.timeIntervalSince1970 == 1_795_996_800, "Monday 2026-11-30 00:00 UTC")
        #expect(ISOWeek(containing: december3.start.addingTimeInterval(-1)).description == "2026-W48")
        #expect(ISOWeek("2021-W01")!.previous.description == "2020-W53")
    }
}
