import ConsoleAccounts
import Contracts
import Crypto
import Foundation
import Hummingbird
import HummingbirdBcrypt
import HummingbirdOTP
import HummingbirdTesting
import Persistence
import Prometheus
import ServiceKit
import Synchronization
import TestSupport

@testable import Console

/// A console on a schema of its own in the test database (dropped afterwards), with a clock the
/// test moves.
struct ConsoleHarness: Sendable {
    let schema: String
    let pool: PostgresPool
    let signIn: SignIn
    let clock = TestClock()
    let throttle = SignInThrottle()

    /// Runs `body` with a console on a fresh schema and a client of its router.
    static func run(_ body: @escaping @Sendable (ConsoleHarness, any TestClientProtocol) async throws -> Void) async throws {
        try await withTestSchema { pool, schema in
            _ = try await Migrator(schema: schema, migrations: try ConsoleSchema.migrations()).migrate(on: pool, logger: TestEnvironment.logger)
            let console = ConsoleHarness(
                schema: schema, pool: pool,
                signIn: SignIn(
                    city: "testcity", database: pool, accounts: AccountStore(schema: schema), sessions: SessionStore(schema: schema),
                    codes: OneTimeCodes(key: SymmetricKey(size: .bits256)), audit: AuditLog(schema: schema)))
            let clock = console.clock
            // No service answers at this address: the pages that need one say so.
            let calls = ServiceCalls(
                urls: Dictionary(uniqueKeysWithValues: ServiceIdentity.allCases.map { ($0, URL(string: "http://127.0.0.1:9")!) }), caFile: nil,
                tokens: await TokenAuthority(secret: String(repeating: "s", count: 32), city: "testcity"))
            let router = try await buildConsole(
                signIn: console.signIn, calls: calls, secureCookies: false, registry: PrometheusCollectorRegistry(), throttle: console.throttle
            ) { clock.now }
            try await Application(router: router).test(.router) { client in try await body(console, client) }
        }
    }

    /// An account as `jardamctl staff add` makes it, with `password` as its one-time password
    /// (already changed unless `mustChange`), enrolled in TOTP when `secret` is given. Its hash
    /// has bcrypt's least cost (4): tests run side by side on two cores, and cost 12 takes
    /// seconds in a debug build; the console's own hashes keep cost 12 (tested).
    func account(_ username: String, roles: [Role], password: String, mustChange: Bool = false, secret: String? = nil) async throws -> UUID {
        let id = UUID()
        _ = try await signIn.accounts.insert(
            id: id, username: username, displayName: "Staff \(username)", roles: roles, partnerId: nil, language: .en,
            passwordHash: Bcrypt.hash(password, cost: 4), database: pool)
        try await pool.query(
            "UPDATE \"\(schema)\".staff_accounts SET must_change_password = $2, totp_secret = $3, totp_enrolled = $4 WHERE id = $1",
            [id, mustChange, try secret.map { try signIn.codes.seal($0) }, secret != nil])
        return id
    }

    /// The audit log's actions about `username`, oldest first.
    func audited(_ username: String) async throws -> [String] {
        try await pool.query("SELECT action FROM \"\(schema)\".audit_log WHERE subject = $1 ORDER BY id", ["staff/\(username)"]).map {
            try $0.decode("action")
        }
    }
}

/// A clock tests move by hand.
final class TestClock: Sendable {
    private let current = Mutex(Date())
    var now: Date { current.withLock { $0 } }
    func advance(_ seconds: TimeInterval) { current.withLock { $0 += seconds } }
}

/// A browser's side of the conversation: its cookies, and the form token of the last page.
struct Browser {
    var cookies: [String: String] = [:]
    var csrf = ""

    /// Sends a request with the cookies, keeps those it is given and the page's form token.
    mutating func send(
        _ client: any TestClientProtocol, _ method: HTTPRequest.Method, _ path: String, form: [String: String]? = nil, csrf override: String? = nil
    ) async throws -> (status: HTTPResponse.Status, html: String, location: String?) {
        var headers: HTTPFields = [:]
        if !cookies.isEmpty { headers[.cookie] = cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") }
        var body: ByteBuffer?
        if var form {
            form["csrf"] = override ?? csrf
            headers[.contentType] = "application/x-www-form-urlencoded"
            body = ByteBuffer(
                string: form.map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }.joined(separator: "&")
            )
        }
        let response = try await client.execute(uri: path, method: method, headers: headers, body: body)
        for field in response.headers[values: .setCookie] {
            let pair = field.split(separator: ";")[0].split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let value = pair.count > 1 ? String(pair[1]) : ""
            if value.isEmpty || field.contains("Max-Age=0") { cookies[String(pair[0])] = nil } else { cookies[String(pair[0])] = value }
        }
        let html = String(buffer: response.body)
        if let range = html.range(of: #"name="csrf" value="([^"]*)""#, options: .regularExpression) {
            csrf = String(html[range].dropFirst(#"name="csrf" value=""#.count).dropLast())
        }
        return (response.status, html, response.headers[.location])
    }
}

/// The code an authenticator app shows for `secret` at `date`.
func totpCode(_ secret: String, at date: Date) -> String {
    String(format: "%06d", TOTP(secret: secret).compute(date: date))
}
