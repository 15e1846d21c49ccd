import Contracts
import Foundation

/// A job seeker: a case and what it looks for.
struct JobSeeker: Codable, Sendable, Equatable {
    let id: UUID
    let caseId: UUID
    let occupations: [String]
    let languages: [String]
    /// Monthly.
    let desiredWage: Money?
    let city: String

    var facts: SeekerFacts {
        SeekerFacts(occupations: Set(occupations), languages: Set(languages), desiredWage: desiredWage, city: city)
    }
}

/// A placement with its follow-ups.
struct Placement: Codable, Sendable, Equatable {
    struct FollowUp: Codable, Sendable, Equatable {
        let month: Int
        let due: CalendarDate
        let recordedAt: Date?
        let wagePaidOnTime: Bool?
        let conditionsOk: Bool?
    }

    let id: UUID
    let caseId: UUID
    let vacancyId: UUID
    let employerId: UUID
    let startDate: CalendarDate
    let followUps: [FollowUp]
}
