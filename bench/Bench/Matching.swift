import Foundation
import Persistence

/// Seeds `vacancies` open vacancies of 60 occupations straight into the labor schema, makes a
/// job seeker (a bricklayer) over HTTP, then times `requests` calls of its matches one after
/// the other (50 matches each); returns p50 and p99 in milliseconds.
func timeMatches(baseURL: URL, postgresURL: String, secret: String, city: String, vacancies: Int, requests: Int) async throws -> (
    p50: Double, p99: Double
) {
    let pool = PostgresPool(configuration: .init(conninfo: postgresURL), logger: logger)
    let employer = UUID()
    try await pool.withTransaction { connection in
        try await connection.query(
            "INSERT INTO labor.employers (id, tax_id, name, city) VALUES ($1, $2, 'Bench employer', 'moscow')",
            [employer, String(Int.random(in: 1_000_000_000...9_999_999_999))])
        try await connection.query(
            """
            INSERT INTO labor.vacancies (id, employer_id, occupation, minor_group, title, city, wage_amount, wage_currency, wage_period,
                monthly_wage, positions, housing_provided, languages, status)
            SELECT gen_random_uuid(), $1, code, substr(code, 1, 3), 'Bench vacancy', (ARRAY['moscow', 'orenburg', 'krasnodar'])[1 + n % 3],
                40000 + n % 50000, 'RUB', 'month', 40000 + n % 50000, 1 + n % 5, n % 2 = 0, ARRAY['ru', (ARRAY['ky', 'tg', 'uz'])[1 + n % 3]], 'open'
            FROM generate_series(1, $2) n,
                LATERAL (SELECT (ARRAY['7111','7112','7114','7115','7121','7123','7126','7131','7411','7212','8342','9312','9313','9111','9112',
                    '9122','9613','5120','9411','9412','5131','7512','7511','8322','8331','8332','8344','9333','9621','8341','6111','6121',
                    '6122','6130','9211','9212','9214','2250','3240','5321','5322','5311','2221','3221','2211','2330','2341','2342','9329',
                    '7522','7531','7231','5223','5230','5141','5414','9629','5151','2261','3213'])[1 + n % 60] AS code) c
            """, [employer, vacancies])
        try await connection.query(
            "INSERT INTO labor.cases (case_id, person_ref, language, sex, needs, vulnerabilities, consents, status, registered_at) VALUES ($1, NULL, 'ky', 'male', '{employment}', '{}', '{employment}', 'open', now())",
            [UUID()])
    }
    let caseId = try await pool.query("SELECT case_id FROM labor.cases ORDER BY registered_at DESC LIMIT 1")[0].decode("case_id", as: UUID.self)
    try await pool.query("ANALYZE labor.vacancies")
    await pool.close()

    let client = try await BenchClient(baseURL: baseURL, secret: secret, city: city, roles: [.employmentOfficer])
    let seeker = try await client.create(
        "/v1/job-seekers",
        #"{"caseId": "\#(caseId.uuidString.lowercased())", "occupations": ["7112"], "languages": ["ky", "ru"], "desiredWage": {"amount": "60000.00", "currency": "RUB"}, "city": "moscow"}"#
    )
    let path = "/v1/job-seekers/\(seeker.uuidString.lowercased())/matches?limit=50"
    _ = try await client.get(path)  // warm up
    var latencies: [Double] = []
    for _ in 0..<requests {
        let (status, milliseconds) = try await client.get(path)
        guard status == 200 else { fail("GET matches answered \(status)") }
        latencies.append(milliseconds)
    }
    latencies.sort()
    return (percentile(latencies, 0.5), percentile(latencies, 0.99))
}
