import Contracts
import Foundation
import Persistence
import ServiceTestSupport
import TestSupport
import Testing

@testable import LaborExchange

@Suite("Best matches, scored in SQL")
struct BestMatchesTests {
    static let seekers = [
        SeekerFacts(occupations: ["7112"], languages: ["ky", "ru"], desiredWage: Money(amount: 60_000, currency: "RUB"), city: "Москва"),
        SeekerFacts(occupations: ["7111", "7121"], languages: [], desiredWage: nil, city: "orenburg"),
        SeekerFacts(occupations: ["9313"], languages: ["uz"], desiredWage: Money(amount: 700, currency: "USD"), city: "Moscow"),
    ]

    /// 600 vacancies whose facts vary independently, with wages on both sides of the desired and
    /// minimum wages, cities differing only in case (Latin and Cyrillic), closed, full and
    /// flagged ones among them.
    static func seed(_ labor: ServiceHarness) async throws {
        let good = UUID(), flagged = UUID()
        try await labor.pool.withTransaction { connection in
            try await connection.query(
                "INSERT INTO \"\(labor.schema)\".employers (id, tax_id, name, city) VALUES ($1, '7701234567', 'Good', 'moscow'), ($2, '7709999999', 'Flagged', 'moscow')",
                [good, flagged])
            try await connection.query(
                "INSERT INTO \"\(labor.schema)\".employer_flags (tax_id, flagged, reason, changed_at) VALUES ('7709999999', true, 'three complaints', now())"
            )
            try await connection.query(
                """
                INSERT INTO "\(labor.schema)".vacancies (id, employer_id, occupation, minor_group, title, city, wage_amount, wage_currency, wage_period,
                    monthly_wage, positions, housing_provided, languages, status)
                SELECT gen_random_uuid(), CASE WHEN pick(11, 1) = 0 THEN $2 ELSE $1 END, occupation, substr(occupation, 1, 3), 'Vacancy',
                    (ARRAY['moscow', 'Moscow', 'orenburg', 'Москва', 'МОСКВА', 'Orenburg'])[1 + pick(6, 2)],
                    wage, currency, 'month', wage, pick(4, 3), pick(2, 4) = 0,
                    (ARRAY['{ru,ky}', '{tg}', '{}', '{uz,ru}', '{ky}'])[1 + pick(5, 5)]::text[],
                    CASE WHEN pick(13, 6) = 0 THEN 'closed' ELSE 'open' END
                FROM generate_series(1, 600) n,
                    LATERAL (SELECT (ARRAY['7111', '7112', '7114', '7115', '7121', '9313', '9312'])[1 + pick(7, 7)] AS occupation,
                        (ARRAY[20000, 22439.99, 22440, 50000, 59999.99, 60000, 60000.01, 90000, 700])[1 + pick(9, 8)] AS wage,
                        (ARRAY['RUB', 'RUB', 'USD'])[1 + pick(3, 9)] AS currency) facts
                """.replacingOccurrences(of: #"pick\((\d+), (\d+)\)"#, with: "(abs(hashint4(n * $2 + $1)) % $1)", options: .regularExpression),
                [good, flagged])
        }
    }

    /// What matching would rank from every vacancy, read without the SQL that scores.
    static func everyMatchable(_ labor: ServiceHarness) async throws -> [VacancyFacts] {
        try await labor.pool.query(
            """
            SELECT v.id, v.occupation, v.city, v.monthly_wage, v.wage_currency, v.housing_provided, v.languages, v.status, v.positions,
                e.tax_id = '7709999999' AS flagged
            FROM "\(labor.schema)".vacancies v JOIN "\(labor.schema)".employers e ON e.id = v.employer_id
            """
        ).filter { row in
            try row.decode("status", as: String.self) == "open" && row.decode("positions", as: Int.self) > 0 && !row.decode("flagged", as: Bool.self)
        }.map { row in
            VacancyFacts(
                id: try row.decode("id"), occupation: try row.decode("occupation"), city: try row.decode("city"),
                monthlyWage: Money(amount: try row.decode("monthly_wage"), currency: try row.decode("wage_currency")),
                housingProvided: try row.decode("housing_provided"), languages: Set(try row.decode("languages", as: [String].self)))
        }
    }

    @Test func theDatabaseKeepsTheSameBestVacanciesInTheSameOrderAsRankingThemAll() async throws {
        try await withLabor { labor, _ in
            try await Self.seed(labor)
            let all = try await Self.everyMatchable(labor)
            #expect(all.count > 300)
            for seeker in Self.seekers {
                for minimumWage in [Money(amount: 22_440, currency: "RUB"), nil] {
                    for limit in [1, 7, 50, 1000] {
                        let best = try await labor.pool.withConnection { connection in
                            try await labor.exchange.vacancies.bestMatches(for: seeker, minimumWage: minimumWage, limit: limit, on: connection)
                        }
                        let expected = Matching.rank(all, for: seeker, minimumWage: minimumWage, limit: limit)
                        #expect(
                            best.map(\.id) == expected.map(\.vacancyId),
                            "seeker \(seeker.occupations), minimum \(String(describing: minimumWage)), limit \(limit)")
                        #expect(Matching.rank(best, for: seeker, minimumWage: minimumWage, limit: limit) == expected)
                    }
                }
            }
        }
    }
}
