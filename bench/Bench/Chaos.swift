import Contracts
import Foundation
import Persistence
import Synchronization

/// What one fault under load did to the city: how long it took to serve cases normally again and
/// what the databases hold afterwards.
struct ChaosResult {
    /// Cases sent (each registered once, whatever the retries).
    let cases: Int
    /// Seconds from the fault until the city completed cases end to end again: the end of the
    /// longest time after the fault in which no case completed.
    let recoverySeconds: Double
    /// Seconds from the fault until the city served cases as fast as before it again (the work
    /// that piled up during the fault done).
    let normalAgainSeconds: Double
    /// Seconds from request to last effect over which a case counted as served late.
    let lateAfter: Double
    /// Cases some effect of which never happened, or that were never registered.
    let lost: Int
    /// Effects (and registrations) found more than once.
    let duplicated: Int
}

/// A stream of cases over HTTP at `rate` a second, a fault injected by `faultCommand` once a
/// quarter of them are sent (and `restoreCommand` run `hold` later), then every downstream effect
/// counted in the databases. A request that fails (the city is losing a node) is sent again with
/// the same `Idempotency-Key` until intake answers 201, as a hotline desk would.
struct ChaosRun {
    /// A case whose effects take longer than this (or than four times the median before the
    /// fault) was served late: the city had not recovered.
    static let normalLatency = 1.0

    let intake: URL
    let postgresURL: String
    let secret: String
    let city: String
    let count: Int
    let rate: Double
    let faultCommand: String
    let restoreCommand: String?
    let hold: Duration

    func run() async throws -> ChaosResult {
        let client = try await BenchClient(baseURL: intake, secret: secret, city: city, roles: [.operator])
        let person = try await client.create(
            "/v1/persons",
            #"{"givenName": "Хаос", "familyName": "Сбой", "birthDate": "1991-03-08", "sex": "female", "citizenship": "KG", "languages": ["ky"]}"#)
        let body =
            #"{"personId": "\#(person.uuidString.lowercased())", "channel": "hotline", "language": "ky", "needs": ["legal", "housing", "medical", "employment"], "vulnerabilities": ["pregnant", "with-children"], "consents": ["legal", "housing", "medical", "employment", "partner-sharing", "research"]}"#

        let clockStart = ContinuousClock.now
        let faultAt = Mutex<Date?>(nil)
        let faultIndex = count / 4
        let injecting = Task {
            // The fault once case `faultIndex` is due, the restore `hold` later.
            try await Task.sleep(until: clockStart + .seconds(Double(faultIndex) / rate))
            try await shell(faultCommand)
            faultAt.withLock { $0 = Date() }
            if let restoreCommand {
                try await Task.sleep(for: hold)
                try await shell(restoreCommand)
            }
        }
        let concurrency = 32
        let registered = try await withThrowingTaskGroup(of: [(id: UUID, sent: Date)].self) { group in
            for worker in 0..<concurrency {
                group.addTask {
                    var mine: [(UUID, Date)] = []
                    for index in stride(from: worker, to: count, by: concurrency) {
                        try await Task.sleep(until: clockStart + .seconds(Double(index) / rate))
                        let sent = Date()
                        mine.append((try await register(body, key: UUID(), client: client), sent))
                    }
                    return mine
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        try await injecting.value
        guard let fault = faultAt.withLock({ $0 }) else { fail("the fault was never injected") }

        let pool = PostgresPool(configuration: .init(conninfo: postgresURL, maxConnections: 1), logger: logger)
        let completed = try await awaitEffects(of: registered.map(\.id), pool: pool)
        let counts = try await duplicates(person: person, cases: registered.map(\.id), pool: pool)
        await pool.close()

        // Late: over a second, and over four times the median before the fault (a city just
        // started serves its first cases slowly: its slowest ones set no bound). Normal again when
        // the last case served late (sent from just before the fault on) was done.
        let before = registered.filter { $0.sent < fault }.compactMap { one in completed[one.id].map { $0.timeIntervalSince(one.sent) } }
        let normal = max(Self.normalLatency, 4 * percentile(before.sorted(), 0.5))
        var normalAgain = fault
        for (id, sent) in registered where sent >= fault.addingTimeInterval(-normal) {
            guard let done = completed[id] else { continue }
            if done.timeIntervalSince(sent) > normal, done > normalAgain { normalAgain = done }
        }
        // Recovered at the end of the longest time after the fault in which no case completed
        // (a stalled service holds every case: none completes until it works again).
        var recovered = fault
        var previous = fault
        var longestGap = 0.0
        for done in completed.values.filter({ $0 > fault }).sorted() {
            if done.timeIntervalSince(previous) > longestGap {
                longestGap = done.timeIntervalSince(previous)
                recovered = done
            }
            previous = done
        }
        return ChaosResult(
            cases: count, recoverySeconds: recovered.timeIntervalSince(fault), normalAgainSeconds: normalAgain.timeIntervalSince(fault),
            lateAfter: normal, lost: count - completed.count,
            duplicated: counts)
    }

    /// `POST /v1/cases` until it answers 201 (two minutes at most), the same key every time.
    private func register(_ body: String, key: UUID, client: BenchClient) async throws -> UUID {
        let deadline = ContinuousClock.now + .seconds(120)
        while true {
            if let (status, data, _) = try? await client.post("/v1/cases", body, idempotencyKey: key.uuidString.lowercased()), status == 201 {
                struct Created: Decodable { let id: UUID }
                return try Wire.decode(Created.self, from: data).id
            }
            guard ContinuousClock.now < deadline else { fail("POST /v1/cases kept failing for two minutes") }
            try await Task.sleep(for: .milliseconds(250))
        }
    }

    /// When each case's last effect committed (intake's timeline), once all have every effect or
    /// three minutes have passed; a database failing over meanwhile is asked again.
    private func awaitEffects(of ids: [UUID], pool: PostgresPool) async throws -> [UUID: Date] {
        var completed: [UUID: Date] = [:]
        let deadline = ContinuousClock.now + .seconds(180)
        while ContinuousClock.now < deadline {
            if let found = try? await lastEffects(of: ids, pool: pool) {
                completed = found
                if completed.count == ids.count { break }
            }
            try await Task.sleep(for: .milliseconds(500))
        }
        return completed
    }

    /// Every effect found more than once: a case registered twice for one key (more cases of the
    /// run's person than keys), and per case a second referral, booking or waitlist place,
    /// coverage check or recommendation, or a timeline line of one event twice.
    private func duplicates(person: UUID, cases: [UUID], pool: PostgresPool) async throws -> Int {
        let rows = try await pool.query(
            """
            SELECT (
              greatest((SELECT count(*) FROM intake.cases WHERE person_id = $1) - $3, 0)
              + (SELECT coalesce(sum(n - 1), 0) FROM (SELECT count(*) AS n FROM legal.referrals WHERE case_id = ANY($2::text[]::uuid[]) GROUP BY case_id) r)
              + (SELECT coalesce(sum(n - 1), 0) FROM (SELECT count(*) AS n FROM (
                   SELECT case_id FROM shelter.bookings WHERE case_id = ANY($2::text[]::uuid[])
                   UNION ALL SELECT case_id FROM shelter.waitlist WHERE case_id = ANY($2::text[]::uuid[])) b GROUP BY case_id) s)
              + (SELECT coalesce(sum(n - 1), 0) FROM (SELECT count(*) AS n FROM intake.timeline
                   WHERE case_id = ANY($2::text[]::uuid[]) GROUP BY case_id, event_id) t)
              + (SELECT coalesce(sum(n - 1), 0) FROM (SELECT count(*) AS n FROM intake.timeline
                   WHERE case_id = ANY($2::text[]::uuid[]) AND type = ANY($4::text[]) GROUP BY case_id, type) e)
              )::int8 AS duplicated
            """,
            [person, cases.map { $0.uuidString.lowercased() }, cases.count, effectGroups.flatMap { $0 }])
        return try rows[0].decode("duplicated", as: Int.self)
    }
}

/// Runs `command` with bash and waits for it on a thread of its own (a node's start takes seconds;
/// the stream's tasks go on meanwhile); its failure ends the run. posix_spawn and waitpid, as
/// Foundation's `Process` once never saw its child exit here.
private func shell(_ command: String) async throws {
    let status: Int32 = await withCheckedContinuation { continuation in
        Thread.detachNewThread {
            let words: [String] = ["/bin/bash", "-c", command]
            let arguments: [UnsafeMutablePointer<CChar>?] = words.map { strdup($0) } + [nil]
            defer { arguments.forEach { free($0) } }
            var pid: pid_t = 0
            guard posix_spawn(&pid, "/bin/bash", nil, nil, arguments, environ) == 0 else { return continuation.resume(returning: -1) }
            var status: Int32 = 0
            while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
            continuation.resume(returning: status)
        }
    }
    guard status == 0 else { fail("`\(command)` failed (wait status \(status))") }
}
