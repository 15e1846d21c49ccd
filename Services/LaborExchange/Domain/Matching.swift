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
    /// What each fact adds to a vacancy's score, in hundredths (exact, in Swift and in SQL).
    /// `VacancyStore.bestMatches` scores with the same weights in SQL, so that only the best few
    /// leave the database.
    enum Weight {
        static let sameOccupation = 100
        static let sameMinorGroup = 50
        static let sharedLanguage = 30
        static let paysDesired = 20
        static let housing = 15
        static let sameCity = 15
        static let belowMinimumWage = -20
    }

    /// The vacancies of the same occupation (1.0) or the same ISCO minor group (0.5), scored up
    /// by a shared language (+0.3), a wage at least the desired one (+0.2), housing (+0.15) and
    /// the same city (+0.15); best first, ties by vacancy id. A wage under `minimumWage` is
    /// flagged and costs 0.2.
    static func rank(_ vacancies: [VacancyFacts], for seeker: SeekerFacts, minimumWage: Money?, limit: Int) -> [Match] {
        let groups = Set(seeker.occupations.map(Occupations.minorGroup))
        // Score everything first (cheap), and write reasons only for the few that are kept.
        var scored: [(score: Int, key: String, vacancy: VacancyFacts)] = []
        for vacancy in vacancies {
            guard let score = score(vacancy, for: seeker, groups: groups, minimumWage: minimumWage) else { continue }
            scored.append((score, vacancy.id.uuidString, vacancy))
        }
        scored.sort { $0.score != $1.score ? $0.score > $1.score : $0.key < $1.key }
        return scored.prefix(limit).map { entry in
            let vacancy = entry.vacancy
            let belowMinimum = isBelow(vacancy, minimumWage)
            return Match(
                vacancyId: vacancy.id, score: Double(entry.score) / 100,
                reasons: reasons(vacancy, for: seeker, belowMinimum: belowMinimum), belowMinimumWage: belowMinimum)
        }
    }

    /// The score, or `nil` when neither the occupation nor its minor group is the seeker's.
    private static func score(_ vacancy: VacancyFacts, for seeker: SeekerFacts, groups: Set<String>, minimumWage: Money?) -> Int? {
        var score: Int
        if seeker.occupations.contains(vacancy.occupation) {
            score = Weight.sameOccupation
        } else if groups.contains(Occupations.minorGroup(vacancy.occupation)) {
            score = Weight.sameMinorGroup
        } else {
            return nil
        }
        if !vacancy.languages.isDisjoint(with: seeker.languages) { score += Weight.sharedLanguage }
        if paysDesired(vacancy, seeker) { score += Weight.paysDesired }
        if vacancy.housingProvided { score += Weight.housing }
        if vacancy.city.lowercased() == seeker.city.lowercased() { score += Weight.sameCity }
        if isBelow(vacancy, minimumWage) { score += Weight.belowMinimumWage }
        return score
    }

    private static func reasons(_ vacancy: VacancyFacts, for seeker: SeekerFacts, belowMinimum: Bool) -> [String] {
        var reasons: [String] = []
        let title = Occupations.titles[vacancy.occupation] ?? vacancy.occupation
        reasons.append(seeker.occupations.contains(vacancy.occupation) ? "same occupation: \(title)" : "related occupation: \(title)")
        if let shared = vacancy.languages.intersection(seeker.languages).sorted().first { reasons.append("speaks \(shared)") }
        if paysDesired(vacancy, seeker) {
            reasons.append("wage \(vacancy.monthlyWage.formattedAmount) \(vacancy.monthlyWage.currency) a month, at least the desired")
        }
        if vacancy.housingProvided { reasons.append("housing provided") }
        if vacancy.city.lowercased() == seeker.city.lowercased() { reasons.append("in \(vacancy.city)") }
        if belowMinimum { reasons.append("wage below the regional minimum") }
        return reasons
    }

    private static func paysDesired(_ vacancy: VacancyFacts, _ seeker: SeekerFacts) -> Bool {
        guard let desired = seeker.desiredWage else { return false }
        return desired.currency == vacancy.monthlyWage.currency && vacancy.monthlyWage.amount >= desired.amount
    }

    private static func isBelow(_ vacancy: VacancyFacts, _ minimumWage: Money?) -> Bool {
        minimumWage.map { $0.currency == vacancy.monthlyWage.currency && vacancy.monthlyWage.amount < $0.amount } ?? false
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
