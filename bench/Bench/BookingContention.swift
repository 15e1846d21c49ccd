import Foundation

/// Sends `requests` booking requests at once for the beds of a new shelter of `beds` beds, all
/// for the same nights; returns how many got a bed, the p50/p99 latency in milliseconds, and how
/// many got neither a bed (201) nor a refusal for want of one (409): an overloaded service's 503,
/// say, which is not a lost bed.
func bookUnderContention(baseURL: URL, secret: String, city: String, requests: Int, beds: Int) async throws -> (
    booked: Int, p50: Double, p99: Double, otherAnswers: Int
) {
    let client = try await BenchClient(baseURL: baseURL, secret: secret, city: city, roles: [.shelterManager])
    let shelter = try await client.create(
        "/v1/shelters",
        #"{"name": "Bench \#(UUID())", "kind": "dormitory", "address": "bench", "confidentialAddress": false, "rooms": [{"name": "A", "beds": \#(beds), "sex": "mixed", "family": false}]}"#
    )
    // Nights no earlier run took: a random year far ahead.
    let year = Int.random(in: 3000...9000)
    let outcomes = try await withThrowingTaskGroup(of: (Int, Double).self) { group in
        for _ in 0..<requests {
            group.addTask {
                let (status, _, milliseconds) = try await client.post(
                    "/v1/bookings",
                    #"{"caseId": "\#(UUID())", "from": "\#(year)-03-01", "to": "\#(year)-03-15", "beds": 1, "sex": "male", "withChildren": false, "shelterId": "\#(shelter.uuidString.lowercased())"}"#
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
