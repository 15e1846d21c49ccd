import ServiceKit

/// The labor exchange's one mapping from domain errors to problems.
extension LaborError: ProblemConvertible {
    var problem: Problem {
        switch self {
        case .employerExists: .conflict("an employer with that tax id exists")
        case .employerNotFound: .notFound("employer")
        case .unknownEmployer: .validation([.init(field: "employerId", message: "is not an employer on record")])
        case .vacancyNotFound: .notFound("vacancy")
        case .unknownVacancy: .validation([.init(field: "vacancyId", message: "is not a vacancy on record")])
        case .employerFlagged: .conflict("the employer is flagged: its vacancies are suspended")
        case .noPositionLeft: .conflict("the vacancy has no position left")
        case .placementNotFound: .notFound("placement")
        case .followUpRecorded(let month): .conflict("the month \(month) follow-up was recorded already")
        case .seekerExists: .conflict("the case already has a job-seeker profile")
        case .seekerNotFound: .notFound("job seeker")
        }
    }
}
