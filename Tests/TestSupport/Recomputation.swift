/// What an outsider can work out of a published table of counts: each hidden cell is an
/// unknown, each published total an equation (the total minus the visible cells of its line
/// equals the sum of its hidden cells). A hidden cell is recomputed when the equations determine
/// it, that is when its unit vector lies in the span of the equations' rows (Gaussian
/// elimination over exact fractions).
public enum Recomputation {
    /// The hidden cells (row, column) of a table the totals determine: `cells[row][column]`,
    /// `nil` where hidden; each total `nil` where unpublished.
    public static func determined(cells: [[Int?]], rowTotals: [Int?]?, columnTotals: [Int?]?, total: Int?) -> [(row: Int, column: Int)] {
        let hidden = cells.enumerated().flatMap { row, line in line.enumerated().compactMap { column, count in count == nil ? (row, column) : nil } }
        guard !hidden.isEmpty else { return [] }
        var equations: [[Fraction]] = []
        func equation(_ member: ((Int, Int)) -> Bool) {
            equations.append(hidden.map { member($0) ? Fraction(1) : Fraction(0) })
        }
        for (row, value) in (rowTotals ?? []).enumerated() where value != nil { equation { $0.0 == row } }
        for (column, value) in (columnTotals ?? []).enumerated() where value != nil { equation { $0.1 == column } }
        if total != nil { equation { _ in true } }
        let basis = reduced(equations)
        return hidden.enumerated().compactMap { index, cell in
            var unit = Array(repeating: Fraction(0), count: hidden.count)
            unit[index] = Fraction(1)
            return reduced(basis + [unit]).count == basis.count ? cell : nil
        }
    }

    /// The non-zero rows of `matrix` in row echelon form.
    static func reduced(_ matrix: [[Fraction]]) -> [[Fraction]] {
        var rows = matrix
        var rank = 0
        let width = matrix.first?.count ?? 0
        for column in 0..<width where rank < rows.count {
            guard let pivot = (rank..<rows.count).first(where: { !rows[$0][column].isZero }) else { continue }
            rows.swapAt(rank, pivot)
            for other in 0..<rows.count where other != rank && !rows[other][column].isZero {
                let factor = rows[other][column] / rows[rank][column]
                rows[other] = zip(rows[other], rows[rank]).map { $0 - factor * $1 }
            }
            rank += 1
        }
        return Array(rows.prefix(rank))
    }

    /// An exact fraction of small integers.
    struct Fraction {
        let numerator: Int
        let denominator: Int

        init(_ value: Int) { self.init(value, 1) }

        init(_ numerator: Int, _ denominator: Int) {
            func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? max(abs(a), 1) : gcd(b, a % b) }
            let divisor = gcd(numerator, denominator) * (denominator < 0 ? -1 : 1)
            self.numerator = numerator / divisor
            self.denominator = denominator / divisor
        }

        var isZero: Bool { numerator == 0 }

        static func - (lhs: Fraction, rhs: Fraction) -> Fraction {
            Fraction(lhs.numerator * rhs.denominator - rhs.numerator * lhs.denominator, lhs.denominator * rhs.denominator)
        }

        static func * (lhs: Fraction, rhs: Fraction) -> Fraction {
            Fraction(lhs.numerator * rhs.numerator, lhs.denominator * rhs.denominator)
        }

        static func / (lhs: Fraction, rhs: Fraction) -> Fraction {
            Fraction(lhs.numerator * rhs.denominator, lhs.denominator * rhs.numerator)
        }
    }
}
