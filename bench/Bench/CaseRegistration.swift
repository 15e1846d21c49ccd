import Foundation

/// What `cases` measured: throughput and per-request latency of `POST /v1/cases`.
struct CaseRegistrationResult {
    let perSecond: Double
    let p50: Double
    let p99: Double
}

/// Registers `count` cases over HTTP on a running intake, `concurrency` at a time, each with all
/// four needs and every consent (so each writes the case, its consents, an audit entry and the
/// event through the outbox). Latencies are in milliseconds.
func registerCases(baseURL: URL, secret: String, city: String, count: Int, concurrency: Int) async throws -> CaseRegistrationResult {
    let client = try await BenchClient(baseURL: baseURL, secret: secret, city: city, roles: [.operator])
    let person = try await client.create(
        "/v1/persons",
        #"{"givenName": "Бенч", "familyName": "Тестова", "birthDate": "1990-01-01", "sex": "female", "citizenship": "KG", "languages": ["ky"]}"#)
    let body =
        #"{"personId": "\#(person.uuidString.lowercased())", "channel": "hotline", "language": "ky", "needs": ["legal", "housing", "medical", "employment"], "vulnerabilities": ["pregnant", "with-children"], "consents": ["legal", "housing", "medical", "employment"]}"#
    _ = try await client.create("/v1/cases", body)  // warm the connection and the server

    let start = ContinuousClock.now
    let latencies = try await withThrowingTaskGroup(of: [Double].self) { group in
        for worker in 0..<concurrency {
            group.addTask {
                var mine: [Double] = []
                for _ in stride(from: worker, to: count, by: concurrency) {
                    let (status, _, milliseconds) = try await client.post("/v1/cases", body)
                    guard status == 201 else { fail("POST /v1/cases answered \(status)") }
                    mine.append(milliseconds)
                }
                return mine
            }
        }
        return try await group.reduce(into: []) { $0 += $1 }.sorted()
    }
    let elapsed = seconds(ContinuousClock.now - start)
    return CaseRegistrationResult(perSecond: Double(count) / elapsed, p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99))
}
