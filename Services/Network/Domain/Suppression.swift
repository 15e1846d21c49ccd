/// Which cells of a table of counts to hide so that none under the threshold can be read or
/// worked out: primary suppression of the small cells, then complementary suppression of as
/// few others as it takes.
///
/// The published totals (each row's when there are two columns or more, each column's when
/// there are two rows or more, and the grand total) are linear constraints on the hidden cells.
/// A hidden cell can be recomputed exactly when it is determined by them. In a table with both
/// row and column totals, the hidden cells are the edges of a graph between rows and columns,
/// and a hidden cell is determined exactly when its edge is a bridge (on no cycle): so every
/// hidden cell is put on a cycle. In a table of one row (or one column) only the line's total
/// binds them: a line never hides just one cell.
enum Suppression {
    /// A cell, by row and column index.
    struct Cell: Hashable, Sendable, Comparable {
        let row: Int
        let column: Int

        static func < (lhs: Cell, rhs: Cell) -> Bool { (lhs.row, lhs.column) < (rhs.row, rhs.column) }
    }

    /// The cells to hide in `counts` (rows of equal length): those from 1 to `threshold - 1`,
    /// those already `unknown` (hidden in a table this one sums), and the complementary ones.
    static func hidden(_ counts: [[Int]], threshold: Int = 5, unknown: Set<Cell> = []) -> Set<Cell> {
        let rows = counts.count
        let columns = counts.first?.count ?? 0
        var hidden = unknown
        for row in 0..<rows {
            for column in 0..<columns where (1..<threshold).contains(counts[row][column]) { hidden.insert(Cell(row: row, column: column)) }
        }
        guard !hidden.isEmpty else { return hidden }
        /// The visible cell of `candidates` with the smallest count above zero (a hidden zero
        /// would bound its partners from below), else a zero; ties: the first.
        func smallestVisible(_ candidates: [Cell]) -> Cell? {
            func key(_ cell: Cell) -> (Int, Int, Cell) {
                let count = counts[cell.row][cell.column]
                return (count == 0 ? 1 : 0, count, cell)
            }
            return candidates.filter { !hidden.contains($0) }.min { key($0) < key($1) }
        }
        if rows == 1 || columns == 1 {
            let line = (0..<max(rows, columns)).map { rows == 1 ? Cell(row: 0, column: $0) : Cell(row: $0, column: 0) }
            if hidden.count == 1, let partner = smallestVisible(line) { hidden.insert(partner) }
            return hidden
        }
        while let bridge = firstBridge(hidden, rows: rows, columns: columns) {
            // A rectangle through the bridge puts it on a cycle.
            guard
                let sameRow = smallestVisible((0..<columns).filter { $0 != bridge.column }.map { Cell(row: bridge.row, column: $0) })
                    ?? otherHidden(inRow: bridge, hidden),
                let sameColumn = smallestVisible((0..<rows).filter { $0 != bridge.row }.map { Cell(row: $0, column: bridge.column) })
                    ?? otherHidden(inColumn: bridge, hidden)
            else { break }
            hidden.formUnion([sameRow, sameColumn, Cell(row: sameColumn.row, column: sameRow.column)])
        }
        return hidden
    }

    private static func otherHidden(inRow cell: Cell, _ hidden: Set<Cell>) -> Cell? {
        hidden.filter { $0.row == cell.row && $0 != cell }.min()
    }

    private static func otherHidden(inColumn cell: Cell, _ hidden: Set<Cell>) -> Cell? {
        hidden.filter { $0.column == cell.column && $0 != cell }.min()
    }

    /// A hidden cell whose edge is on no cycle of the row–column graph of `hidden`, if any.
    static func firstBridge(_ hidden: Set<Cell>, rows: Int, columns: Int) -> Cell? {
        hidden.sorted().first { edge in !connected(edge, without: edge, in: hidden) }
    }

    /// Whether the row and the column of `edge` are still joined by hidden cells once `removed` is taken out.
    private static func connected(_ edge: Cell, without removed: Cell, in hidden: Set<Cell>) -> Bool {
        // Vertices: rows as (true, index), columns as (false, index).
        var seen: Set<[Int]> = [[1, edge.row]]
        var frontier: [[Int]] = [[1, edge.row]]
        while let vertex = frontier.popLast() {
            for cell in hidden where cell != removed {
                let next: [Int]
                if vertex[0] == 1, cell.row == vertex[1] {
                    next = [0, cell.column]
                } else if vertex[0] == 0, cell.column == vertex[1] {
                    next = [1, cell.row]
                } else {
                    continue
                }
                if next == [0, edge.column] { return true }
                if seen.insert(next).inserted { frontier.append(next) }
            }
        }
        return false
    }
}
