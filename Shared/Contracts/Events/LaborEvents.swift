import Foundation

/// A vacancy is open for matching.
public struct VacancyPublished: EventData {
    public static let type = "labor.vacancy.published.v1"
    public let vacancyId: UUID
    public let employerId: UUID
    /// ISCO-08 code.
    public let occupation: String
    public let city: String
    public let wage: Money
    public let wagePeriod: WagePeriod
    public let positions: Int
    public init(vacancyId: UUID, employerId: UUID, occupation: String, city: String, wage: Money, wagePeriod: WagePeriod, positions: Int) {
        self.vacancyId = vacancyId; self.employerId = employerId; self.occupation = occupation; self.city = city
        self.wage = wage; self.wagePeriod = wagePeriod; self.positions = positions
    }
}

/// A vacancy is no longer matched (its employer was flagged, or it filled).
public struct VacancySuspended: EventData {
    public static let type = "labor.vacancy.suspended.v1"
    public let vacancyId: UUID
    public let employerId: UUID
    public let reason: String
    public init(vacancyId: UUID, employerId: UUID, reason: String) { self.vacancyId = vacancyId; self.employerId = employerId; self.reason = reason }
}

/// A vacancy was proposed to a case's job seeker.
public struct MatchProposed: EventData {
    public static let type = "labor.match.proposed.v1"
    public let caseId: UUID
    public let vacancyId: UUID
    public let score: Double
    public init(caseId: UUID, vacancyId: UUID, score: Double) { self.caseId = caseId; self.vacancyId = vacancyId; self.score = score }
}

/// A worker started in a placement.
public struct PlacementStarted: EventData {
    public static let type = "labor.placement.started.v1"
    public let placementId: UUID
    public let caseId: UUID
    public let vacancyId: UUID
    public let startDate: CalendarDate
    public init(placementId: UUID, caseId: UUID, vacancyId: UUID, startDate: CalendarDate) {
        self.placementId = placementId; self.caseId = caseId; self.vacancyId = vacancyId; self.startDate = startDate
    }
}

/// A follow-up (month 1, 3, 6 or 12) of a placement was recorded.
public struct FollowUpRecorded: EventData {
    public static let type = "labor.placement.follow-up-recorded.v1"
    public let placementId: UUID
    public let caseId: UUID
    public let month: Int
    public let wagePaidOnTime: Bool
    public let conditionsOk: Bool
    public init(placementId: UUID, caseId: UUID, month: Int, wagePaidOnTime: Bool, conditionsOk: Bool) {
        self.placementId = placementId; self.caseId = caseId; self.month = month; self.wagePaidOnTime = wagePaidOnTime;
        self.conditionsOk = conditionsOk
    }
}

/// A placed worker was not paid: legal-referral opens an unpaid-wages referral and a complaint.
public struct WageArrearsReported: EventData {
    public static let type = "labor.wage-arrears.reported.v1"
    public let caseId: UUID
    public let taxId: String
    public let amount: Money?
    public init(caseId: UUID, taxId: String, amount: Money?) { self.caseId = caseId; self.taxId = taxId; self.amount = amount }
}

/// The work for a case stopped: its job-seeker profile (and the matches proposed from it) was
/// removed and its follow-ups not yet recorded were dropped — consent to employment withdrawn,
/// the case closed, or its person erased.
public struct JobSeekerRemoved: EventData {
    public static let type = "labor.job-seeker.removed.v1"
    public let caseId: UUID
    /// The profile removed, if the case had one.
    public let seekerId: UUID?
    /// Follow-ups that will not be asked for.
    public let followUpsDropped: Int
    /// `consent withdrawn`, `case closed`, `no longer needed` or `person erased`.
    public let reason: String
    public init(caseId: UUID, seekerId: UUID?, followUpsDropped: Int, reason: String) {
        self.caseId = caseId; self.seekerId = seekerId; self.followUpsDropped = followUpsDropped; self.reason = reason
    }
}
