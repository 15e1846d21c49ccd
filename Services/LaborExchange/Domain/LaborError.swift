/// Why the labor exchange refused what it was asked; the routes turn each into a problem
/// (`Routes/LaborError+Problem.swift`).
enum LaborError: Error, Equatable {
    /// An employer with that tax id exists.
    case employerExists
    /// No employer has the id asked for.
    case employerNotFound
    /// The employer a vacancy names (`employerId`) is not on record.
    case unknownEmployer
    /// No vacancy has the id asked for.
    case vacancyNotFound
    /// The vacancy a placement names (`vacancyId`) is not on record.
    case unknownVacancy
    /// The vacancy's employer is flagged: its vacancies are suspended.
    case employerFlagged
    /// The vacancy has no position left.
    case noPositionLeft
    /// No placement has the id asked for.
    case placementNotFound
    /// The follow-up of that month was recorded already.
    case followUpRecorded(month: Int)
    /// The case already has a job-seeker profile.
    case seekerExists
    /// No job seeker has the id asked for.
    case seekerNotFound
}
