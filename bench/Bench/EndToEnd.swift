import Contracts
import Foundation
import Persistence

/// What `endtoend` measured: cases registered over HTTP with every downstream effect committed.
struct EndToEndResult {
    /// Cases per second from the first request to the last effect.
    let perSecond: Double
    /// Registration request sent → last downstream effect committed, in milliseconds.
    let p50: Double
    let p99: Double
    /// `POST /v1/cases` alone, in milliseconds.
    let httpP50: Double
    let httpP99: Double
}

/// The effects one case with all four needs, every consent, pregnant and with a child causes in
/// the other services, as intake's timeline records them: a referral (legal-referral), a held
/// bed or a waitlist place (shelter), the coverage check and the plan recommendation
/// (medical-insurance). Labor-exchange acts only when a job-seeker profile is made.
let effectGroups: [[String]] = [
    ["legal.referral.proposed.v1"],
    ["shelter.booking.held.v1", "shelter.waitlist.joined.v1"],
    ["medical.coverage.checked.v1"],
    ["medical.plan.recommended.v1"],
]

/// Registers `count` cases over HTTP on a running, seeded city, `concurrency` at a time (and,
/// with `pace`, case `i` not before `i / pace` seconds from the start), then waits until intake's
/// timeline holds every effect of every case (read from the database).
func endToEnd(baseURL: URL, postgresURL: String, secret: String, city: String, count: Int, concurrency: Int, pace: Double?) async throws
    -> EndToEndResult
{
    let client = try await BenchClient(baseURL: baseURL, secret: secret, city: city, roles: [.operator])
    let person = try await client.create(
        "/v1/persons",
        #"{"givenName": "Бенч", "familyName": "Сквозная", "birthDate": "1994-05-01", "sex": "female", "citizenship": "KG", "languages": ["ky"]}"#)
    let body =
        #"{"personId": "\#(person.uuidString.lowercased())", "channel": "hotline", "language": "ky", "needs": ["legal", "housing", "medical", "employment"], "vulnerabilities": ["pregnant", "with-children"], "consents": ["legal", "housing", "medical", "employment", "partner-sharing", "research"]}"#

    let start = Date()
    let clockStart = ContinuousClock.now
    let registered = try await withThrowingTaskGroup(of: [(id: UUID, sent: Date, milliseconds: Double)].self) { group in
        for worker in 0..<concurrency {
            group.addTask {
                var mine: [(UUID, Date, Double)] = []
                for index in stride(from: worker, to: count, by: concurrency) {
                    if let pace { try await Task.sleep(until: clockStart + .seconds(Double(index) / pace)) }
                    let sent = Date()
                    let (status, data, milliseconds) = try await client.post("/v1/cases", body)
                    guard status == 201 else { fail("POST /v1/cases answered \(status)") }
                    struct Created: Decodable { let id: UUID }
                    mine.append((try Wire.decode(Created.self, from: data).id, sent, milliseconds))
                }
                return mine
            }
        }
        return try await group.reduce(into: []) { $0 += $1 }
    }

    // Poll intake's timeline until every case has every effect; an effect's time is when the
    // service that caused it committed it (the event's `time`).
    let pool = PostgresPool(configuration: .init(conninfo: postgresURL, maxConnections: 1), logger: logger)
    var lastEffect: [UUID: Date] = [:]
    let deadline = ContinuousClock.now + .seconds(Double(max(120, count / 10)))
    while ContinuousClock.now < deadline {
        lastEffect = try await lastEffects(of: registered.map(\.id), pool: pool)
        if lastEffect.count == count { break }
        try await Task.sleep(for: .milliseconds(200))
    }
    await pool.close()
    guard lastEffect.count == count else { fail("only \(lastEffect.count) of \(count) cases had every effect in time") }

    let endToEnd = registered.map { lastEffect[$0.id]!.timeIntervalSince($0.sent) * 1000 }.sorted()
    let http = registered.map(\.milliseconds).sorted()
    let finished = lastEffect.values.max()!
    return EndToEndResult(
        perSecond: Double(count) / finished.timeIntervalSince(start), p50: percentile(endToEnd, 0.5), p99: percentile(endToEnd, 0.99),
        httpP50: percentile(http, 0.5), httpP99: percentile(http, 0.99))
}

/// When each of the cases that have every effect got its last one (the committing service's
/// event time, from intake's timeline); cases still missing one are left out.
func lastEffects(of ids: [UUID], pool: PostgresPool) async throws -> [UUID: Date] {
    let rows = try await pool.query(
        """
        SELECT case_id, max(at) AS last, count(DISTINCT CASE WHEN type LIKE 'shelter.%' THEN 'shelter' ELSE type END)::int8 AS effects
        FROM intake.timeline WHERE case_id = ANY($1::text[]::uuid[]) AND type = ANY($2::text[])
        GROUP BY case_id
        """,
        [ids.map { $0.uuidString.lowercased() }, effectGroups.flatMap { $0 }])
    var last: [UUID: Date] = [:]
    for row in rows where try row.decode("effects", as: Int.self) == effectGroups.count {
        last[try row.decode("case_id", as: UUID.self)] = try row.decode("last", as: Date.self)
    }
    return last
}
