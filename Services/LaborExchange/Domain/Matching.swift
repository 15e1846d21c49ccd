import Contracts
import Foundation

/// A vacancy as matching sees it.
struct VacancyFacts: Equatable, Sendable {
    let id: UUID
    let occupation: String
    let city: String
    let monthlyWage: Money
    let housingProvided: Bool
    let languages: Set<String>
}

/// What a job seeker looks for.
struct SeekerFacts: Equatable, Sendable {
    let occupations: Set<String>
    let languages: Set<String>
    /// Monthly.
    let desiredWage: Money?
    let city: String
}

/// One ranked vacancy with why it was chosen, in plain words.
struct Match: Equatable, Sendable {
    let vacancyId: UUID
    let score: Double
    let reasons: [String]
    /// The wage is under the region's monthly minimum: the caseworker should look twice.
    let belowMinimumWage: Bool
}

/// Ranks vacancies for a job seeker.
enum Matching {
    /// The vacancies of the same occupation (1.0) or the same ISCO minor group (0.5), scored up
    /// by a shared language (+0.3), a wage at least the desired one (+0.2), housing (+0.15) and
    /// the same city (+0.15); best first, ties by vacancy id. A wage under `minimumWage` is
    /// flagged and costs 0.2.
    static func rank(_ vacancies: [VacancyFacts], for seeker: SeekerFacts, minimumWage: Money?, limit: Int) -> [Match] {
        let groups = Set(seeker.occupations.map(Occupations.minorGroup))
        var matches: [Match] = []
        for vacancy in vacancies {
            var score = 0.0
            var reasons: [String] = []
            if seeker.occupations.contains(vacancy.occupation) {
                score += 1
                reasons.append("same occupation: \(Occupations.titles[vacancy.occupation] ?? vacancy.occupation)")
            } else if groups.contains(Occupations.minorGroup(vacancy.occupation)) {
                score += 0.5
                reasons.append("related occupation: \(Occupations.titles[vacancy.occupation] ?? vacancy.occupation)")
            } else {
                continue
            }
            if let shared = vacancy.languages.intersection(seeker.languages).sorted().first {
                score += 0.3
                reasons.append("speaks \(shared)")
            }
            if let desired = seeker.desiredWage, desired.currency == vacancy.monthlyWage.currency, vacancy.monthlyWage.amount >= desired.amount {
                score += 0.2
                reasons.append("wage \(vacancy.monthlyWage.formattedAmount) \(vacancy.monthlyWage.currency) a month, at least the desired")
            }
            if vacancy.housingProvided {
                score += 0.15
                reasons.append("housing provided")
            }
            if vacancy.city.lowercased() == seeker.city.lowercased() {
                score += 0.15
                reasons.append("in \(vacancy.city)")
            }
            let belowMinimum = minimumWage.map { $0.currency == vacancy.monthlyWage.currency && vacancy.monthlyWage.amount < $0.amount } ?? false
            if belowMinimum {
                score -= 0.2
                reasons.append("wage below the regional minimum")
            }
            matches.append(Match(vacancyId: vacancy.id, score: (score * 100).rounded() / 100, reasons: reasons, belowMinimumWage: belowMinimum))
        }
        return Array(matches.sorted { ($0.score, $1.vacancyId.uuidString) > ($1.score, $0.vacancyId.uuidString) }.prefix(limit))
    }
}

/// The follow-ups of a placement: at months 1, 3, 6 and 12 after its start.
enum FollowUpSchedule {
    static let months = [1, 3, 6, 12]

    /// When each follow-up is due.
    static func due(startingOn start: CalendarDate) -> [(month: Int, due: CalendarDate)] {
        months.map { ($0, start.adding(months: $0)) }
    }
}
