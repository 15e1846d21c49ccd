import Contracts
import Foundation
import Testing

@testable import LaborExchange

@Suite("Ranking vacancies for a job seeker")
struct MatchingTests {
    static func vacancy(
        _ n: Int, _ occupation: String, city: String = "moscow", wage: Decimal = 60_000, housing: Bool = false, languages: Set<String> = ["ru"]
    ) -> VacancyFacts {
        VacancyFacts(
            id: UUID(uuidString: String(format: "00000000-0000-0000-0000-%012d", n))!, occupation: occupation, city: city,
            monthlyWage: Money(amount: wage, currency: "RUB"), housingProvided: housing, languages: languages)
    }

    static let seeker = SeekerFacts(
        occupations: ["8341"], languages: ["ky", "ru"], desiredWage: Money(amount: 50_000, currency: "RUB"), city: "moscow")

    /// (vacancies, expected order of ids, score of the first)
    static let table: [([VacancyFacts], [Int], Double)] = [
        ([vacancy(1, "8341"), vacancy(2, "8342")], [1, 2], 1.65),
        (
            [vacancy(1, "8342", housing: true, languages: ["ky"]), vacancy(2, "8341", city: "orenburg", wage: 40_000, languages: ["uz"])], [1, 2], 1.3
        ),
        ([vacancy(1, "9112"), vacancy(2, "6121")], [], 0),
        ([vacancy(2, "8341"), vacancy(1, "8341")], [1, 2], 1.65),
        ([vacancy(1, "8341", wage: 20_000), vacancy(2, "8341", wage: 55_000)], [2, 1], 1.65),
    ]

    @Test(arguments: table)
    func ranking(_ vacancies: [VacancyFacts], _ order: [Int], _ topScore: Double) {
        let ranked = Matching.rank(vacancies, for: Self.seeker, minimumWage: Money(amount: 22_440, currency: "RUB"), limit: 10)
        #expect(ranked.map(\.vacancyId) == order.map { Self.vacancy($0, "0000").id })
        #expect(ranked.first.map(\.score) ?? 0 == topScore)
    }

    @Test func reasonsAreReadableAndALowWageIsFlagged() {
        let ranked = Matching.rank(
            [Self.vacancy(1, "8341", wage: 20_000, housing: true, languages: ["ky"])], for: Self.seeker,
            minimumWage: Money(amount: 22_440, currency: "RUB"), limit: 5)
        #expect(ranked.first?.belowMinimumWage == true)
        #expect(
            ranked.first?.reasons == [
                "same occupation: Mobile farm and forestry plant operators (tractor drivers)", "speaks ky", "housing provided", "in moscow",
                "wage below the regional minimum",
            ])
    }

    @Test(arguments: [(WagePeriod.hour, Decimal(300), Decimal(49_500)), (.day, 2_500, 52_500), (.month, 60_000, 60_000)])
    func wagesAreComparedMonthly(_ period: WagePeriod, _ amount: Decimal, _ monthly: Decimal) {
        #expect(period.monthly(amount) == monthly)
    }

    @Test func followUpsAreDueAtMonthsOneThreeSixAndTwelve() {
        let due = FollowUpSchedule.due(startingOn: CalendarDate(year: 2026, month: 1, day: 31)!)
        #expect(due.map(\.month) == [1, 3, 6, 12])
        #expect(due.map(\.due.description) == ["2026-02-28", "2026-04-30", "2026-07-31", "2027-01-31"])
    }
}
