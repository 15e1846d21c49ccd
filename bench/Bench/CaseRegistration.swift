import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import ServiceKit

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
    let token = try await TokenAuthority(secret: secret, city: city).issue(subject: "bench", roles: [.operator], lifetime: .seconds(3600))
    let session = URLSession(configuration: .ephemeral)
    func post(_ path: String, _ json: String) async throws -> Data {
        var request = URLRequest(url: baseURL.appendingPathComponent(path))
        request.httpMethod = "POST"
        request.httpBody = Data(json.utf8)
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        let (data, response) = try await session.data(for: request)
        guard (response as? HTTPURLResponse)?.statusCode == 201 else {
            fail("POST \(path) answered \((response as? HTTPURLResponse)?.statusCode ?? 0)")
        }
        return data
    }
    struct Created: Decodable { let id: UUID }
    let person = try JSONDecoder().decode(Created.self, from: try await post(
        "/v1/persons",
        #"{"givenName": "Бенч", "familyName": "Тестова", "birthDate": "1990-01-01", "sex": "female", "citizenship": "KG", "languages": ["ky"]}"#)).id
    let body = #"{"personId": "\#(person.uuidString.lowercased())", "channel": "hotline", "language": "ky", "needs": ["legal", "housing", "medical", "employment"], "vulnerabilities": ["pregnant", "with-children"], "consents": ["legal", "housing", "medical", "employment"]}"#
    _ = try await post("/v1/cases", body)  // warm the connection and the server

    let start = ContinuousClock.now
    let latencies = try await withThrowingTaskGroup(of: [Double].self) { group in
        for worker in 0..<concurrency {
            group.addTask {
                var mine: [Double] = []
                for _ in stride(from: worker, to: count, by: concurrency) {
                    let sent = ContinuousClock.now
                    _ = try await post("/v1/cases", body)
                    mine.append(seconds(ContinuousClock.now - sent) * 1000)
                }
                return mine
            }
        }
        return try await group.reduce(into: []) { $0 += $1 }.sorted()
    }
    let elapsed = seconds(ContinuousClock.now - start)
    func percentile(_ p: Double) -> Double { latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))] }
    return CaseRegistrationResult(perSecond: Double(count) / elapsed, p50: percentile(0.5), p99: percentile(0.99))
}
