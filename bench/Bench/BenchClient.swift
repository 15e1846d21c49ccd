import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import ServiceKit

/// A staff client of one service for the benchmarks: JSON POSTs with a token, timed.
struct BenchClient: Sendable {
    let baseURL: URL
    let token: String
    let session = URLSession(configuration: .ephemeral)

    init(baseURL: URL, secret: String, city: String, roles: [Role]) async throws {
        self.baseURL = baseURL
        token = try await TokenAuthority(secret: secret, city: city).issue(subject: "bench", roles: roles, lifetime: .seconds(3600))
    }

    /// POSTs `json`; returns the status, the body and the milliseconds it took.
    func post(_ path: String, _ json: String) async throws -> (status: Int, body: Data, milliseconds: Double) {
        var request = URLRequest(url: baseURL.appendingPathComponent(path))
        request.httpMethod = "POST"
        request.httpBody = Data(json.utf8)
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        let sent = ContinuousClock.now
        let (data, response) = try await session.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, data, seconds(ContinuousClock.now - sent) * 1000)
    }

    /// GETs `path`; returns the status and the milliseconds it took.
    func get(_ path: String) async throws -> (status: Int, milliseconds: Double) {
        var request = URLRequest(url: URL(string: path, relativeTo: baseURL)!)
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        let sent = ContinuousClock.now
        let (_, response) = try await session.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, seconds(ContinuousClock.now - sent) * 1000)
    }

    /// POSTs `json` and returns the created resource's id; anything but 201 ends the benchmark.
    func create(_ path: String, _ json: String) async throws -> UUID {
        let (status, body, _) = try await post(path, json)
        guard status == 201 else { fail("POST \(path) answered \(status)") }
        struct Created: Decodable { let id: UUID }
        return try JSONDecoder().decode(Created.self, from: body).id
    }
}

/// The `p` quantile of sorted `values`.
func percentile(_ values: [Double], _ p: Double) -> Double {
    values.isEmpty ? 0 : values[min(values.count - 1, Int(Double(values.count) * p))]
}
