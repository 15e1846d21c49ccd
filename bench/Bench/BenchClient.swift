import Contracts
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import NIOSSL
import ServiceKit
import Synchronization

/// A staff client of one service for the benchmarks: JSON requests with a token, timed, over
/// at most `connections` keep-alive NIO connections (a request waits for a free one, as a
/// browser's would; the time it waits counts in its latency). FoundationNetworking's URLSession
/// once hung here with 200 requests in flight.
final class BenchClient: Sendable {
    let host: String
    let port: Int
    let token: String
    let connections: Int
    /// For `https://`: the service's certificate verified against the city CA (`TLS_CA_FILE`)
    /// and the name `localhost` (SNI takes no IP address).
    let tls: TLSConfiguration?
    private struct Pool {
        var idle: [TestClient] = []
        var open = 0
        /// Requests waiting for a connection; `nil` tells one to open its own.
        var waiting: [CheckedContinuation<TestClient?, Never>] = []
    }
    private let pool = Mutex(Pool())

    init(baseURL: URL, secret: String, city: String, roles: [Role], connections: Int = 16) async throws {
        host = baseURL.host ?? "127.0.0.1"
        port = baseURL.port ?? 80
        self.connections = connections
        if baseURL.scheme == "https" {
            var tls = TLSConfiguration.makeClientConfiguration()
            if let caFile = ProcessInfo.processInfo.environment["TLS_CA_FILE"] { tls.trustRoots = .file(caFile) }
            self.tls = tls
        } else {
            tls = nil
        }
        token = try await TokenAuthority(secret: secret, city: city).issue(subject: "bench", roles: roles, lifetime: .seconds(3600))
    }

    /// POSTs `json` (with an `Idempotency-Key`, if given); returns the status, the body and the milliseconds it took.
    func post(_ path: String, _ json: String, idempotencyKey: String? = nil) async throws -> (status: Int, body: Data, milliseconds: Double) {
        var headers: HTTPFields = [.authorization: "Bearer \(token)", .contentType: "application/json"]
        if let idempotencyKey, let name = HTTPField.Name("Idempotency-Key") { headers[name] = idempotencyKey }
        return try await timed { try await $0.post(path, headers: headers, body: ByteBuffer(string: json)) }
    }

    /// GETs `path` (with its query); returns the status and the milliseconds it took.
    func get(_ path: String) async throws -> (status: Int, milliseconds: Double) {
        let (status, _, milliseconds) = try await timed { [token] in try await $0.get(path, headers: [.authorization: "Bearer \(token)"]) }
        return (status, milliseconds)
    }

    /// POSTs `json` and returns the created resource's id; anything but 201 ends the benchmark.
    func create(_ path: String, _ json: String) async throws -> UUID {
        let (status, body, _) = try await post(path, json)
        guard status == 201 else { fail("POST \(path) answered \(status)") }
        struct Created: Decodable { let id: UUID }
        return try Wire.decode(Created.self, from: body).id
    }

    /// Sends one request on an idle connection (or a new one, or the next freed) and gives the
    /// connection back.
    private func timed(_ send: (TestClient) async throws -> TestClient.Response) async throws -> (status: Int, body: Data, milliseconds: Double) {
        let sent = ContinuousClock.now
        let connection =
            await acquire()
            ?? {
                let connection = TestClient(
                    host: host, port: port,
                    configuration: .init(tlsConfiguration: tls, timeout: .seconds(120), serverName: tls == nil ? nil : "localhost"))
                connection.connect()
                return connection
            }()
        do {
            let response = try await send(connection)
            let milliseconds = seconds(ContinuousClock.now - sent) * 1000
            release(connection)
            return (Int(response.status.code), Data(response.body.map { Array($0.readableBytesView) } ?? []), milliseconds)
        } catch {
            try? await connection.shutdown()
            release(nil)
            throw error
        }
    }

    /// An idle connection, or `nil` when the caller may open one.
    private func acquire() async -> TestClient? {
        await withCheckedContinuation { continuation in
            let ready: TestClient?? = pool.withLock { pool in
                if let connection = pool.idle.popLast() { return .some(connection) }
                if pool.open < connections {
                    pool.open += 1
                    return .some(nil)
                }
                pool.waiting.append(continuation)
                return nil
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }

    /// Hands `connection` to a waiting request or keeps it idle; `nil` (a connection that
    /// failed) lets a waiting request open a new one, or frees its place.
    private func release(_ connection: TestClient?) {
        let waiter: CheckedContinuation<TestClient?, Never>? = pool.withLock { pool in
            if !pool.waiting.isEmpty { return pool.waiting.removeFirst() }
            if let connection { pool.idle.append(connection) } else { pool.open -= 1 }
            return nil
        }
        waiter?.resume(returning: connection)
    }
}

/// The `p` quantile of sorted `values`.
func percentile(_ values: [Double], _ p: Double) -> Double {
    values.isEmpty ? 0 : values[min(values.count - 1, Int(Double(values.count) * p))]
}
