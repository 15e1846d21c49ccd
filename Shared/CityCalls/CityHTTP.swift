import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOSSL
import Synchronization

/// HTTP and HTTPS to the city's services and its broker's management API, the certificate
/// verified against the city CA when one is given (else the system's CAs): how jardamctl and the
/// console reach them. FoundationNetworking's
/// URLSession cannot be told to trust a CA on Linux, so this is AsyncHTTPClient.
public enum CityHTTP {
    /// One answer: the status and the body.
    public struct Reply: Sendable {
        public let status: Int
        public let body: Data
    }

    /// One client per CA file, for the life of the process: none is shut down while a request
    /// may still use it.
    private static let clients = Mutex<[String: HTTPClient]>([:])

    /// Sends one request and reads the whole answer (at most 64 MiB) within `timeout` (AsyncHTTPClient
    /// keeps trying to connect to a server that refuses until then).
    public static func send(
        _ method: String, _ url: URL, headers: [(String, String)], body: Data? = nil, trusting caFile: String?,
        timeout: Duration = .seconds(120)
    ) async throws -> Reply {
        var request = HTTPClientRequest(url: url.absoluteString)
        request.method = HTTPMethod(rawValue: method)
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
        let response = try await client(trusting: caFile).execute(request, timeout: .milliseconds(Int64(timeout / .milliseconds(1))))
        let bytes = try await response.body.collect(upTo: 64 << 20)
        return Reply(status: Int(response.status.code), body: Data(bytes.readableBytesView))
    }

    private static func client(trusting caFile: String?) -> HTTPClient {
        clients.withLock { clients in
            if let client = clients[caFile ?? ""] { return client }
            var tls = TLSConfiguration.makeClientConfiguration()
            tls.minimumTLSVersion = .tlsv12
            if let caFile { tls.trustRoots = .file(caFile) }
            let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(tlsConfiguration: tls))
            clients[caFile ?? ""] = client
            return client
        }
    }
}
