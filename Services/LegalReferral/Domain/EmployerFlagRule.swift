import Contracts
import Foundation

/// When complaints flag an employer network-wide: evidence, not one voice.
enum EmployerFlagRule {
    /// One complaint as evidence: its kind, its case, and whether that case counts (the service
    /// knows it and it consents to legal help).
    struct Evidence: Sendable, Equatable {
        let kind: ComplaintKind
        let caseId: UUID?
        let counts: Bool
    }

    /// The evidence (distinct cases that count; a complaint without a case counts for nothing)
    /// and whether it flags: `threshold` such cases. Violence alone does not flag: it puts the
    /// employer on the supervisors' review list (``reviewed``).
    static func assess(_ complaints: [Evidence], threshold: Int) -> (flagged: Bool, evidence: Int, reason: String) {
        let counted = complaints.filter(\.counts)
        let evidence = Set(counted.compactMap(\.caseId)).count
        let kinds = Set(counted.map(\.kind.rawValue)).sorted().joined(separator: ", ")
        return (evidence >= threshold, evidence, "complaints from \(evidence) distinct cases: \(kinds)")
    }

    /// The kinds that put the employer before a supervisor at once.
    static let reviewed: [ComplaintKind] = [.violence, .unsafe]
}

/// Small counts in statistics are suppressed, so that nobody can be singled out.
enum SmallCellSuppression {
    /// Counts under this are not shown.
    static let minimum = 5

    /// `count`, or `nil` when it is 1 to 4 (zero says nothing about anyone and stays).
    static func shown(_ count: Int) -> Int? { count == 0 || count >= minimum ? count : nil }
}
