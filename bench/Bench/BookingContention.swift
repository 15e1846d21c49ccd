import Foundation
import Persistence

/// Sends `requests` booking requests at once for the beds of a new shelter of `beds` beds, all
/// for the same nights, each for its own case; returns how many got a bed, the p50/p99 latency in
/// milliseconds, and how many got neither a bed (201) nor a refusal for want of one (409): an
/// overloaded service's 503, say, which is not a lost bed.
///
/// Bookings are for cases shelter knows with `housing` granted (CONTRACT.md §5a): they are
/// registered at intake first (need `employment` only, so that shelter holds nothing for them
/// itself), and the benchmark waits until shelter's view of each is registered.
func bookUnderContention(
    shelterURL: URL, intakeURL: URL, postgresURL: String, secret: String, city: String, requests: Int, beds: Int
) async throws -> (booked: Int, p50: Double, p99: Double, otherAnswers: Int) {
    let intake = try await BenchClient(baseURL: intakeURL, secret: secret, city: city, roles: [.operator])
    let person = try await intake.create(
        "/v1/persons",
        #"{"givenName": "Бенч", "familyName": "Койка", "birthDate": "1990-01-01", "sex": "male", "citizenship": "TJ", "languages": ["tg"]}"#)
    var cases: [String] = []
    for _ in 0..<requests {
        let id = try await intake.create(
            "/v1/cases",
            #"{"personId": "\#(person.uuidString.lowercased())", "channel": "hotline", "language": "tg", "needs": ["employment"], "consents": ["housing", "employment"]}"#
        )
        cases.append(id.uuidString.lowercased())
    }
    let pool = PostgresPool(configuration: .init(conninfo: postgresURL, maxConnections: 1), logger: logger)
    let deadline = ContinuousClock.now + .seconds(120)
    var known = 0
    while known < requests, ContinuousClock.now < deadline {
        let rows = try await pool.query(
            "SELECT count(*)::int8 FROM shelter.cases WHERE case_id = ANY($1::text[]::uuid[]) AND registered_at IS NOT NULL", [cases])
        known = try rows[0].decode(0, as: Int.self)
        if known < requests { try await Task.sleep(for: .milliseconds(100)) }
    }
    await pool.close()
    guard known == requests else { fail("shelter knows \(known) of the \(requests) cases after 120 s") }

    let client = try await BenchClient(baseURL: shelterURL, secret: secret, city: city, roles: [.shelterManager])
    let shelter = try await client.create(
        "/v1/shelters",
        #"{"name": "Bench \#(UUID())", "kind": "dormitory", "address": "bench", "confidentialAddress": false, "rooms": [{"name": "A", "beds": \#(beds), "sex": "mixed", "family": false}]}"#
    )
    let outcomes = try await withThrowingTaskGroup(of: (Int, Double).self) { group in
        for caseId in cases {
            group.addTask {
                let (status, _, milliseconds) = try await client.post(
                    "/v1/bookings",
                    #"{"caseId": "\#(caseId)", "from": "2150-03-01", "to": "2150-03-15", "beds": 1, "sex": "male", "withChildren": false, "shelterId": "\#(shelter.uuidString.lowercased())"}"#
                )
                return (status, milliseconds)
            }
        }
        return try await group.reduce(into: [(Int, Double)]()) { $0.append($1) }
    }
    let latencies = outcomes.map(\.1).sorted()
    return (
        outcomes.filter { $0.0 == 201 }.count, percentile(latencies, 0.5), percentile(latencies, 0.99),
        outcomes.filter { $0.0 != 201 && $0.0 != 409 }.count
    )
}
