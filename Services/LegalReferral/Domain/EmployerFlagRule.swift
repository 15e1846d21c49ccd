import Contracts
import Foundation

/// When complaints flag an employer network-wide.
enum EmployerFlagRule {
    /// Complaints from this many distinct cases flag an employer.
    static let threshold = 3

    /// The evidence (distinct cases; each complaint without a case counts on its own) and whether
    /// it flags: three pieces, or any complaint of violence.
    static func assess(_ complaints: [(kind: ComplaintKind, caseId: UUID?)]) -> (flagged: Bool, evidence: Int, reason: String) {
        let cases = Set(complaints.compactMap(\.caseId)).count
        let evidence = cases + complaints.filter { $0.caseId == nil }.count
        if complaints.contains(where: { $0.kind == .violence }) {
            return (true, evidence, "violence reported")
        }
        let kinds = Set(complaints.map(\.kind.rawValue)).sorted().joined(separator: ", ")
        return (evidence >= threshold, evidence, "\(evidence) complaints from distinct cases: \(kinds)")
    }
}

/// Small counts in statistics are suppressed, so that nobody can be singled out.
enum SmallCellSuppression {
    /// Counts under this are not shown.
    static let minimum = 5

    /// `count`, or `nil` when it is 1 to 4 (zero says nothing about anyone and stays).
    static func shown(_ count: Int) -> Int? { count == 0 || count >= minimum ? count : nil }
}
