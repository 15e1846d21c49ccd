import Contracts

extension StatisticsTable {
    /// `counts` (`counts[row][column]`, `nil` where not known) as published: every cell
    /// ``Suppression`` hides is `nil`; the totals are those given (the sums of `counts` when
    /// `nil`: a table of this city's own counts), each published only where the rules of
    /// ``StatisticsTable`` say.
    init(rows: [String], columns: [String], counts: [[Int?]], rowTotals: [Int?]? = nil, columnTotals: [Int?]? = nil, total: Int? = nil) {
        var unknown: Set<Suppression.Cell> = []
        for (row, line) in counts.enumerated() {
            for (column, count) in line.enumerated() where count == nil { unknown.insert(.init(row: row, column: column)) }
        }
        let known = counts.map { $0.map { $0 ?? 0 } }
        let hidden = Suppression.hidden(known, unknown: unknown)
        let rowSums = rowTotals ?? known.map { $0.reduce(0, +) }
        let columnSums = columnTotals ?? columns.indices.map { column in known.reduce(0) { $0 + $1[column] } }
        self.init(
            rows: rows, columns: columns,
            cells: known.enumerated().map { row, line in
                line.enumerated().map { column, count in hidden.contains(.init(row: row, column: column)) ? nil : count }
            },
            rowTotals: columns.count >= 2 ? rowSums : nil, columnTotals: rows.count >= 2 ? columnSums : nil,
            total: total ?? known.joined().reduce(0, +))
    }

    /// The largest count a publication may hold in a cell or a total.
    static let largestCount = 1_000_000_000

    /// Whether the table is one that can be summed: distinct row and column names, one line of
    /// cells per row and one cell per column, totals of the same lengths, every count from 0 to
    /// ``largestCount``. Another city's publication is summed only when each of its tables is.
    var isWellFormed: Bool {
        func fits(_ count: Int?) -> Bool { count.map { (0...Self.largestCount).contains($0) } ?? true }
        return Set(rows).count == rows.count && Set(columns).count == columns.count && cells.count == rows.count
            && cells.allSatisfy { $0.count == columns.count && $0.allSatisfy(fits) } && (rowTotals?.count ?? rows.count) == rows.count
            && (columnTotals?.count ?? columns.count) == columns.count && (rowTotals ?? []).allSatisfy(fits)
            && (columnTotals ?? []).allSatisfy(fits) && fits(total)
    }

    /// The cells that are suppressed, by their row and column names.
    var suppressedCells: [(row: String, column: String)] {
        cells.enumerated().flatMap { row, line in line.enumerated().compactMap { column, count in count == nil ? (rows[row], columns[column]) : nil }
        }
    }

    /// The sum of `tables` (one table's publications of several cities or weeks), published as
    /// a table of its own: a cell is known where every table that has its row and column shows
    /// it, a total where every table has it; the sum is suppressed again (its small cells, its
    /// unknown cells, and complementary ones).
    static func sum(_ tables: [StatisticsTable]) -> StatisticsTable {
        let rows = Array(Set(tables.flatMap(\.rows))).sorted()
        let columns = Array(Set(tables.flatMap(\.columns))).sorted()
        var counts = Array(repeating: Array(repeating: Int?.some(0), count: columns.count), count: rows.count)
        var rowTotals = Array(repeating: Int?.some(0), count: rows.count)
        var columnTotals = Array(repeating: Int?.some(0), count: columns.count)
        for table in tables {
            for (row, name) in rows.enumerated() {
                guard let index = table.rows.firstIndex(of: name) else { continue }
                rowTotals[row] = add(rowTotals[row], table.rowTotals?[index] ?? (table.columns.count == 1 ? table.cells[index][0] : nil))
                for (column, columnName) in columns.enumerated() {
                    guard let other = table.columns.firstIndex(of: columnName) else { continue }
                    counts[row][column] = add(counts[row][column], table.cells[index][other])
                }
            }
            for (column, name) in columns.enumerated() {
                guard let index = table.columns.firstIndex(of: name) else { continue }
                columnTotals[column] = add(columnTotals[column], table.columnTotals?[index] ?? (table.rows.count == 1 ? table.cells[0][index] : nil))
            }
        }
        return StatisticsTable(
            rows: rows, columns: columns, counts: counts, rowTotals: rowTotals, columnTotals: columnTotals,
            total: tables.reduce(0) { $0 + $1.total })
    }

    private static func add(_ sum: Int?, _ value: Int?) -> Int? {
        guard let sum, let value else { return nil }
        return sum + value
    }
}
