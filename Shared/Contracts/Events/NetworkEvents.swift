import Foundation

/// An employer flagged in one city, for every city of the network (CONTRACT.md §7).
///
/// The deciding city's `network` service publishes it on `jardam.network` when its
/// legal-referral flags the employer; every other city's `network` service takes it from its own
/// `jardam.network` (federation brings it) and announces it again on its `jardam.events`, for its
/// labor-exchange (which suspends the employer's vacancies) and legal-referral (which lists it).
/// `city` is the deciding city; `decidedAt` orders one city's decisions about one employer, so
/// that a flag and a clearing that arrive in the other order end as decided.
public struct NetworkEmployerFlagged: EventData {
    public static let type = "network.employer.flagged.v1"
    public let taxId: String
    public let reason: String
    public let evidenceCount: Int
    public let city: String
    public let decidedAt: Date
    public init(taxId: String, reason: String, evidenceCount: Int, city: String, decidedAt: Date) {
        self.taxId = taxId; self.reason = reason; self.evidenceCount = evidenceCount; self.city = city; self.decidedAt = decidedAt
    }
}

/// A flag cleared in the city that decided it, for every city of the network (as
/// ``NetworkEmployerFlagged``).
public struct NetworkEmployerCleared: EventData {
    public static let type = "network.employer.cleared.v1"
    public let taxId: String
    public let reason: String
    public let evidenceCount: Int
    public let city: String
    public let decidedAt: Date
    public init(taxId: String, reason: String, evidenceCount: Int, city: String, decidedAt: Date) {
        self.taxId = taxId; self.reason = reason; self.evidenceCount = evidenceCount; self.city = city; self.decidedAt = decidedAt
    }
}

/// One city's anonymised figures of one ISO week, for the network and its research partners
/// (CONTRACT.md §7): counts only, of cases whose `research` consent was not refused, each cell
/// under 5 suppressed and enough others with it that no suppressed cell can be recomputed from
/// the totals published.
public struct NetworkStatisticsPublished: EventData {
    public static let type = "network.statistics.published.v1"
    public let city: String
    /// `2026-W48`.
    public let week: String
    /// By name: `hotlineCalls` (language × topic), `appeals` (issue × language), `newCases`
    /// (one row × need), `labor` (one row × `placements`, `wageArrearsReports`).
    public let tables: [String: StatisticsTable]
    /// Every suppressed cell, by table, row and column.
    public let suppressed: [SuppressedCell]
    public init(city: String, week: String, tables: [String: StatisticsTable], suppressed: [SuppressedCell]) {
        self.city = city; self.week = week; self.tables = tables; self.suppressed = suppressed
    }
}

/// A table of counts as published: `cells[row][column]`, `nil` where suppressed. Row totals are
/// published when there are two columns or more, column totals when there are two rows or more
/// (otherwise they would repeat the cells), the grand total always. A total is `nil` only in a
/// sum of tables where one of them did not publish it.
public struct StatisticsTable: Codable, Sendable, Equatable {
    public let rows: [String]
    public let columns: [String]
    public let cells: [[Int?]]
    public let rowTotals: [Int?]?
    public let columnTotals: [Int?]?
    public let total: Int
    public init(rows: [String], columns: [String], cells: [[Int?]], rowTotals: [Int?]?, columnTotals: [Int?]?, total: Int) {
        self.rows = rows; self.columns = columns; self.cells = cells; self.rowTotals = rowTotals; self.columnTotals = columnTotals
        self.total = total
    }
}

/// A suppressed cell of a published table.
public struct SuppressedCell: Codable, Sendable, Equatable, Hashable {
    public let table: String
    public let row: String
    public let column: String
    public init(table: String, row: String, column: String) { self.table = table; self.row = row; self.column = column }
}
