import Contracts
import Foundation
import Persistence

/// The `vacancies` table.
struct VacancyStore: Sendable {
    let schema: String

    func insert(_ vacancy: Vacancy, on connection: PostgresConnection) async throws {
        try await connection.query(
            """
            INSERT INTO "\(schema)".vacancies (id, employer_id, occupation, minor_group, title, city, wage_amount, wage_currency, wage_period,
                monthly_wage, positions, housing_provided, languages, status)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 'open')
            """,
            [
                vacancy.id, vacancy.employerId, vacancy.occupation, Occupations.minorGroup(vacancy.occupation), vacancy.title, vacancy.city,
                vacancy.wage.amount, vacancy.wage.currency, vacancy.wagePeriod, vacancy.monthlyWage.amount, vacancy.positions,
                vacancy.housingProvided, vacancy.languages,
            ])
    }

    func load(_ id: UUID, on connection: PostgresConnection) async throws -> Vacancy? {
        try await connection.query("\(select) WHERE v.id = $1", [id]).first.map(Self.vacancy)
    }

    /// Newest first; `open` lists only what may be matched (open, positions left, employer not flagged).
    func list(employerId: UUID?, openOnly: Bool, cursor: Int?, limit: Int, database: PostgresPool) async throws -> (vacancies: [Vacancy], next: Int?)
    {
        let rows = try await database.query(
            """
            \(select) WHERE ($1::uuid IS NULL OR v.employer_id = $1) AND (NOT $2 OR (v.status = 'open' AND v.positions > 0 AND NOT coalesce(f.flagged, false)))
                AND ($3::bigint IS NULL OR v.seq < $3)
            ORDER BY v.seq DESC LIMIT $4
            """, [employerId, openOnly, cursor, limit + 1])
        return (try rows.prefix(limit).map(Self.vacancy), rows.count > limit ? try rows[limit - 1].decode("seq", as: Int.self) : nil)
    }

    /// Title and employer of each of `ids`, in one query.
    func titles(of ids: [UUID], on connection: PostgresConnection) async throws -> [UUID: (title: String, employerId: UUID)] {
        let rows = try await connection.query(
            "SELECT id, title, employer_id FROM \"\(schema)\".vacancies WHERE id = ANY($1::text[]::uuid[])", [ids.map(\.lowercased)])
        return Dictionary(
            uniqueKeysWithValues: try rows.map { (try $0.decode("id", as: UUID.self), (try $0.decode("title"), try $0.decode("employer_id"))) })
    }

    /// The `limit` best matchable vacancies (open, positions left, employer not flagged, in one of
    /// the seeker's ISCO minor groups), best first: scored in SQL with ``Matching/Weight`` so that
    /// only these rows leave the database. ``Matching/rank(_:for:minimumWage:limit:)`` puts them
    /// in the same order and says why.
    func bestMatches(for seeker: SeekerFacts, minimumWage: Money?, limit: Int, on connection: PostgresConnection) async throws -> [VacancyFacts] {
        typealias W = Matching.Weight
        let groups = Array(Set(seeker.occupations.map(Occupations.minorGroup))).sorted()
        return try await connection.query(
            """
            SELECT v.id, v.occupation, v.city, v.monthly_wage, v.wage_currency, v.housing_provided, v.languages
            FROM "\(schema)".vacancies v JOIN "\(schema)".employers e ON e.id = v.employer_id
            LEFT JOIN "\(schema)".employer_flags f ON f.tax_id = e.tax_id
            WHERE v.status = 'open' AND v.positions > 0 AND v.minor_group = ANY($1) AND NOT coalesce(f.flagged, false)
            ORDER BY CASE WHEN v.occupation = ANY($2) THEN \(W.sameOccupation) ELSE \(W.sameMinorGroup) END
                + CASE WHEN v.languages && $3 THEN \(W.sharedLanguage) ELSE 0 END
                + CASE WHEN v.wage_currency = $4 AND v.monthly_wage >= $5 THEN \(W.paysDesired) ELSE 0 END
                + CASE WHEN v.housing_provided THEN \(W.housing) ELSE 0 END
                + CASE WHEN v.city_key = $6 THEN \(W.sameCity) ELSE 0 END
                + CASE WHEN v.wage_currency = $7 AND v.monthly_wage < $8 THEN \(W.belowMinimumWage) ELSE 0 END DESC,
                v.id
            LIMIT $9
            """,
            [
                groups, Array(seeker.occupations), Array(seeker.languages), seeker.desiredWage?.currency, seeker.desiredWage?.amount,
                seeker.city.lowercased(), minimumWage?.currency, minimumWage?.amount, limit,
            ]
        ).map { row in
            VacancyFacts(
                id: try row.decode("id"), occupation: try row.decode("occupation"), city: try row.decode("city"),
                monthlyWage: Money(amount: try row.decode("monthly_wage"), currency: try row.decode("wage_currency")),
                housingProvided: try row.decode("housing_provided"), languages: Set(try row.decode("languages", as: [String].self)))
        }
    }

    /// Takes one position; the vacancy closes with its last. `false` when none was left, whatever
    /// the concurrency: the row lock of the UPDATE serialises takers.
    func takePosition(_ id: UUID, on connection: PostgresConnection) async throws -> Bool {
        try await connection.query(
            """
            UPDATE "\(schema)".vacancies SET positions = positions - 1, status = CASE WHEN positions = 1 THEN 'closed' ELSE status END
            WHERE id = $1 AND status = 'open' AND positions > 0
            """, [id]
        ).affectedRows == 1
    }

    /// The open vacancies of the employer with `taxId` (to announce a suspension or its end).
    func open(ofTaxId taxId: String, on connection: PostgresConnection) async throws -> [Vacancy] {
        try await connection.query("\(select) WHERE e.tax_id = $1 AND v.status = 'open' AND v.positions > 0", [taxId]).map(Self.vacancy)
    }

    private var select: String {
        """
        SELECT v.id, v.seq, v.employer_id, v.occupation, v.title, v.city, v.wage_amount, v.wage_currency, v.wage_period, v.monthly_wage,
            v.positions, v.housing_provided, v.languages, CASE WHEN v.status = 'open' AND coalesce(f.flagged, false) THEN 'suspended' ELSE v.status END AS status
        FROM "\(schema)".vacancies v JOIN "\(schema)".employers e ON e.id = v.employer_id
        LEFT JOIN "\(schema)".employer_flags f ON f.tax_id = e.tax_id
        """
    }

    private static func vacancy(_ row: PostgresRow) throws -> Vacancy {
        let currency: String = try row.decode("wage_currency")
        return Vacancy(
            id: try row.decode("id"), employerId: try row.decode("employer_id"), occupation: try row.decode("occupation"),
            title: try row.decode("title"), city: try row.decode("city"), wage: Money(amount: try row.decode("wage_amount"), currency: currency),
            wagePeriod: try row.decode("wage_period"), monthlyWage: Money(amount: try row.decode("monthly_wage"), currency: currency),
            positions: try row.decode("positions"), housingProvided: try row.decode("housing_provided"),
            languages: try row.decode("languages"), status: try row.decode("status"))
    }
}
