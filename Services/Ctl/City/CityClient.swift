import Contracts
import Foundation
import ServiceKit

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The five services of one city over HTTP, as staff reach them: each call signs a short token
/// with the roles it needs, from the city's `JARDAM_TOKEN_SECRET`.
struct CityClient: Sendable {
    /// One answer: the status and the JSON body (`null` when there is none or it is not JSON).
    struct Reply: Sendable {
        let status: Int
        let json: JSONValue
    }

    let city: String
    private let authority: TokenAuthority
    private let baseURLs: [ServiceIdentity: URL]
    private let session = URLSession(configuration: .ephemeral)

    /// Reads `JARDAM_CITY`, `JARDAM_TOKEN_SECRET` and where each service answers from `environment`.
    init(environment: CtlEnvironment) async throws {
        let city = try environment.city()
        var urls: [ServiceIdentity: URL] = [:]
        for service in ServiceIdentity.allCases { urls[service] = try environment.baseURL(of: service) }
        self.city = city
        self.baseURLs = urls
        self.authority = await TokenAuthority(secret: try environment.tokenSecret(), city: city)
    }

    /// The base URL of `service`.
    func baseURL(of service: ServiceIdentity) -> URL { baseURLs[service]! }

    /// Sends one request as staff with `roles` (and `partner`, for partner staff).
    func send(
        _ method: String, _ service: ServiceIdentity, _ path: String, as roles: [Role], partner: UUID? = nil,
        body: JSONValue? = nil, idempotencyKey: String? = nil
    ) async throws -> Reply {
        guard let url = URL(string: path, relativeTo: baseURL(of: service)) else { throw CtlError("bad path \(path)") }
        var request = URLRequest(url: url)
        request.httpMethod = method
        let token = try await authority.issue(subject: "jardamctl", roles: roles, partner: partner, lifetime: .seconds(300))
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        if let body {
            request.httpBody = try Wire.encode(body)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        if let idempotencyKey { request.setValue(idempotencyKey, forHTTPHeaderField: "Idempotency-Key") }
        let data: Data
        let response: URLResponse
        do {
            (data, response) = try await session.data(for: request)
        } catch {
            throw CtlError("\(service.rawValue) does not answer at \(baseURL(of: service).absoluteString): is the city up (make up)?")
        }
        let json = (try? Wire.decode(JSONValue.self, from: data)) ?? .null
        return Reply(status: (response as? HTTPURLResponse)?.statusCode ?? 0, json: json)
    }

    /// Sends a request that must succeed (2xx); otherwise throws with the problem's title and detail.
    @discardableResult
    func expect(
        _ method: String, _ service: ServiceIdentity, _ path: String, as roles: [Role], partner: UUID? = nil,
        body: JSONValue? = nil, idempotencyKey: String? = nil
    ) async throws -> JSONValue {
        let reply = try await send(method, service, path, as: roles, partner: partner, body: body, idempotencyKey: idempotencyKey)
        guard (200..<300).contains(reply.status) else {
            let problem = [reply.json["title"].string, reply.json["detail"].string].compactMap { $0 }.joined(separator: ": ")
            let fields = reply.json["errors"].items.compactMap { error in error["field"].string.map { "\($0) \(error["message"].string ?? "")" } }
            throw CtlError("\(method) \(service.rawValue)\(path) answered \(reply.status) \(problem) \(fields.joined(separator: "; "))")
        }
        return reply.json
    }

    /// Every item of a paged list (`{items, nextCursor}`), following the cursors.
    func all(_ service: ServiceIdentity, _ path: String, as roles: [Role], partner: UUID? = nil) async throws -> [JSONValue] {
        var items: [JSONValue] = []
        var cursor: String?
        repeat {
            let separator = path.contains("?") ? "&" : "?"
            let page = try await expect(
                "GET", service, path + separator + "limit=200" + (cursor.map { "&cursor=\($0)" } ?? ""), as: roles, partner: partner)
            items += page["items"].items
            cursor = page["nextCursor"].string
        } while cursor != nil
        return items
    }
}
