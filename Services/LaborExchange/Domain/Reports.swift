import Contracts
import Foundation

/// One overdue follow-up.
struct Overdue: Codable, Sendable, Equatable {
    let placementId: UUID
    let caseId: UUID
    let month: Int
    let due: CalendarDate
}

/// Placements, follow-ups done and overdue, and wage problems, in all and by employer.
struct PlacementStatistics: Codable, Sendable, Equatable {
    struct EmployerLine: Codable, Sendable, Equatable {
        let employerId: UUID
        let placements: Int
        let wageProblems: Int
    }

    let placements: Int
    let followUpsDone: Int
    let followUpsOverdue: Int
    let wageProblems: Int
    let byEmployer: [EmployerLine]
}

/// One match as staff read it: the vacancy's title and employer beside the score.
struct MatchView: Codable, Sendable, Equatable {
    let vacancyId: UUID
    let title: String
    let employerId: UUID
    let score: Double
    let reasons: [String]
    let belowMinimumWage: Bool
}
