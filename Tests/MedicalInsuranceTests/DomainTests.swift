import Contracts
import Foundation
import Testing

@testable import MedicalInsurance

@Suite("Coverage on the edge dates")
struct CoverageTests {
    static let policy = PolicyCover(
        policyId: UUID(), validFrom: CalendarDate(year: 2026, month: 1, day: 1)!, validTo: CalendarDate(year: 2026, month: 12, day: 31)!,
        coverage: [.emergency, .outpatient])

    @Test(arguments: [
        ("2026-01-01", true), ("2026-12-31", true), ("2027-01-01", false), ("2025-12-31", false), ("2026-06-15", true),
    ])
    func validityDatesAreInclusive(_ day: String, _ covered: Bool) {
        let verdict = Coverage.check([.emergency], on: CalendarDate(iso8601: day)!, policies: [Self.policy])
        #expect(verdict.covered == covered)
        #expect(verdict.gaps == (covered ? [] : [.emergency]))
    }

    @Test func maternityNotInThePlanIsAGap() {
        let verdict = Coverage.check([.emergency, .maternity], on: CalendarDate(year: 2026, month: 5, day: 1)!, policies: [Self.policy])
        #expect(!verdict.covered && verdict.gaps == [.maternity] && verdict.policyId == Self.policy.policyId)
    }

    @Test func thePolicyLeavingFewestGapsWins() {
        let full = PolicyCover(policyId: UUID(), validFrom: Self.policy.validFrom, validTo: Self.policy.validTo, coverage: [.emergency, .maternity])
        let verdict = Coverage.check([.emergency, .maternity], on: CalendarDate(year: 2026, month: 5, day: 1)!, policies: [Self.policy, full])
        #expect(verdict.covered && verdict.policyId == full.policyId)
    }
}

@Suite("Recommending plans")
struct RecommendationTests {
    static func plan(
        _ name: String, _ price: Decimal, _ coverage: Set<MedicalService>, regions: Set<String> = ["*"], minAge: Int? = nil, maxAge: Int? = nil,
        tiers: [(Int, Decimal)] = []
    ) -> PlanOffer {
        PlanOffer(
            planId: UUID(), insurerId: UUID(), name: name, annualPrice: Money(amount: price, currency: "USD"), coverage: coverage, regions: regions,
            minAge: minAge, maxAge: maxAge, groupPrices: tiers.map { .init(minMembers: $0.0, annualPrice: Money(amount: $0.1, currency: "USD")) })
    }

    @Test func cheapestFittingFirstWithRegionAndAgeFilters() {
        let plans = [
            Self.plan("Dear", 120, [.emergency, .maternity]),
            Self.plan("Cheap but no maternity", 40, [.emergency]),
            Self.plan("Moscow only", 90, [.emergency, .maternity], regions: ["moscow"]),
            Self.plan("Young only", 60, [.emergency, .maternity], maxAge: 30),
            Self.plan("Alpha", 90, [.emergency, .maternity, .dental]),
        ]
        let ranked = PlanRecommendation.rank(plans, services: [.emergency, .maternity], region: "Moscow", age: 34, members: 1)
        #expect(ranked.map(\.plan.name) == ["Alpha", "Moscow only", "Dear"])
        let elsewhere = PlanRecommendation.rank(plans, services: [.maternity], region: "orenburg", age: 25, members: 1)
        #expect(elsewhere.map(\.plan.name) == ["Young only", "Alpha", "Dear"])
    }

    @Test(arguments: [(1, Decimal(60)), (49, 60), (50, 34), (49_999, 34), (50_000, 30)])
    func groupTiers(_ members: Int, _ price: Decimal) {
        let plan = Self.plan("Group", 60, [.emergency], tiers: [(50, 34), (50_000, 30)])
        #expect(plan.price(members: members).amount == price)
    }

    @Test(arguments: [(AgeBand.from25To34, 25 as Int?), (.over64, 65), (.under18, 0), (.unknown, nil)])
    func ageOfABand(_ band: AgeBand, _ age: Int?) {
        #expect(PlanRecommendation.age(ofBand: band) == age)
    }
}

@Suite("Price lists as CSV")
struct PriceListCSVTests {
    static let header = "insurer,plan,annual_price,currency,coverage,regions,min_age,max_age,group_prices"

    @Test func aGoodListParses() throws {
        let text = """
            \(Self.header)
            Umut,Basic,4800.00,RUB,emergency;outpatient,moscow;orenburg,18,65,50:4200.00;1000:3900
            "Umut, Ltd",Mother,"9600",RUB,emergency;maternity,*,,,
            """
        let rows = try PriceListCSV.parse(text).get()
        #expect(rows.map(\.plan) == ["Basic", "Mother"] && rows[1].insurer == "Umut, Ltd")
        #expect(rows[0].groupPrices.map(\.minMembers) == [50, 1000] && rows[0].regions == ["moscow", "orenburg"] && rows[1].minAge == nil)
    }

    @Test func everyErrorIsReportedWithItsRowNumber() {
        let text = """
            \(Self.header)
            Umut,Basic,48O0.00,RUB,emergency,moscow,,,
            Umut,Teeth,100,RUB,dental;eyes,moscow,,,
            Umut,Basic,100,RUB,emergency,moscow,,,
            Umut,Old,100,rub,emergency,moscow,70,60,abc
            """
        guard case .failure(let failure) = PriceListCSV.parse(text) else {
            Issue.record("a list with errors parsed")
            return
        }
        #expect(
            failure.errors.map { "\($0.row):\($0.field)" } == ["2:annual_price", "3:coverage", "4:plan", "5:currency", "5:max_age", "5:group_prices"])
    }

    @Test func aWrongHeaderIsRow1() {
        guard case .failure(let failure) = PriceListCSV.parse("name,price\nA,1") else {
            Issue.record("parsed")
            return
        }
        #expect(failure.errors.map(\.row) == [1])
    }
}
