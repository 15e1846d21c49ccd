// jardam-bench: the Swift side of `make bench` (see bench/README.md).
//
//   jardam-bench publish AMQP_URL COUNT SIZE WINDOW   messages/s through AMQPPublisher with confirms
//   jardam-bench relay POSTGRES_URL AMQP_URL COUNT    events/s from committed outbox rows to confirmed
//   jardam-bench cases INTAKE_URL TOKEN_SECRET CITY COUNT CONCURRENCY
//                                                     cases/s over HTTP, then p50 and p99 in ms
//   jardam-bench bookings SHELTER_URL INTAKE_URL ADMIN_POSTGRES_URL TOKEN_SECRET CITY REQUESTS BEDS
//                                                     beds booked, p50 and p99 in ms, then the
//                                                     answers other than 201 and 409
//   jardam-bench chaos INTAKE_URL ADMIN_POSTGRES_URL TOKEN_SECRET CITY COUNT RATE FAULT_COMMAND HOLD_SECONDS [RESTORE_COMMAND]
//                                                     on a running, seeded city: COUNT cases at RATE a
//                                                     second, FAULT_COMMAND run a quarter of the way,
//                                                     RESTORE_COMMAND HOLD_SECONDS later; prints cases,
//                                                     seconds until a case completed again and until
//                                                     cases were as fast as before, lost, duplicated,
//                                                     and the seconds over which a case was late
//   jardam-bench matches LABOR_URL ADMIN_POSTGRES_URL TOKEN_SECRET CITY VACANCIES REQUESTS
//                                                     p50 and p99 in ms of one job seeker's matches
//   jardam-bench endtoend INTAKE_URL ADMIN_POSTGRES_URL TOKEN_SECRET CITY COUNT CONCURRENCY [RATE]
//                                                     on a running, seeded city: cases/s with every
//                                                     downstream effect committed, then end-to-end
//                                                     p50, p99 and HTTP p50, p99 in ms; with RATE,
//                                                     cases are sent at RATE a second, no faster
import Contracts
import Eventing
import Foundation
import Logging
import Messaging
import Persistence
import ServiceKit

let logger: Logger = {
    var logger = Logger(label: "bench")
    logger.logLevel = .error
    return logger
}()
let arguments = CommandLine.arguments

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("jardam-bench: \(message)\n".utf8))
    exit(2)
}

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

/// Publishes `count` persistent messages of `size` bytes to a classic queue, as the C ceiling does.
func publish(url: AMQPURL, count: Int, size: Int, window: Int) async throws -> Double {
    let admin = try await AMQPConnection.connect(url)
    try await admin.declareQueue("bench.swift")
    var configuration = AMQPPublisher.Configuration(url: url)
    configuration.window = window
    let publisher = AMQPPublisher(configuration: configuration, logger: logger)
    let running = Task { try await publisher.run() }
    let body = Data(repeating: UInt8(ascii: "x"), count: size)
    let messages = (0..<count).map { _ in
        OutgoingMessage(exchange: "", routingKey: "bench.swift", body: body, contentType: EventEnvelope.contentType)
    }
    try await publisher.publish(OutgoingMessage(exchange: "", routingKey: "bench.swift", body: body))  // connected
    let start = ContinuousClock.now
    for result in await publisher.publish(batch: messages) { try result.get() }
    let elapsed = ContinuousClock.now - start
    publisher.stop()
    try await running.value
    try await admin.deleteQueue("bench.swift")
    await admin.close()
    return Double(count) / seconds(elapsed)
}

/// Commits `count` events to an outbox, then times the relay publishing them all with confirms.
func relay(postgresURL: String, url: AMQPURL, count: Int) async throws -> Double {
    let pool = PostgresPool(configuration: .init(conninfo: postgresURL), logger: logger)
    let schema = "bench_relay"
    try await pool.query("DROP SCHEMA IF EXISTS \(schema) CASCADE")
    try await Migrator(schema: schema, migrations: ServiceKitMigrations.all(for: .intake)).migrate(on: pool, logger: logger)
    let outbox = Outbox(schema: schema, city: "bench", service: .intake)
    for start in stride(from: 0, to: count, by: 500) {
        try await pool.withTransaction { connection in
            for number in start..<min(start + 500, count) {
                let data = CaseUpdated(caseId: UUID(), needs: [.housing], vulnerabilities: [], status: .open, priority: .normal, caseVersion: 2)
                try await outbox.append(data, subject: "case/\(number)", on: connection)
            }
        }
    }
    let queue = Topology.ConsumerQueue(name: "bench.relay", routingKeys: [CaseUpdated.type])
    var configuration = AMQPPublisher.Configuration(url: url)
    configuration.topology = Topology(queues: [queue])
    let publisher = AMQPPublisher(configuration: configuration, logger: logger)
    let publishing = Task { try await publisher.run() }
    let relay = OutboxRelay(configuration: .init(schema: schema), database: pool, publisher: publisher, logger: logger)
    let start = ContinuousClock.now
    while true {
        let published = try await relay.relayBatch()
        if published == 0 { break }
    }
    let elapsed = ContinuousClock.now - start
    publisher.stop()
    try await publishing.value
    let admin = try await AMQPConnection.connect(url)
    for name in queue.allQueueNames {
        try await admin.deleteQueue(name)
    }
    await admin.close()
    try await pool.query("DROP SCHEMA \(schema) CASCADE")
    await pool.close()
    return Double(count) / seconds(elapsed)
}

switch arguments.dropFirst().first {
case "publish":
    guard arguments.count == 6, let url = AMQPURL(arguments[2]), let count = Int(arguments[3]), let size = Int(arguments[4]),
        let window = Int(arguments[5])
    else { fail("usage: publish AMQP_URL COUNT SIZE WINDOW") }
    print(String(format: "%.0f", try await publish(url: url, count: count, size: size, window: window)))
case "relay":
    guard arguments.count == 5, let url = AMQPURL(arguments[3]), let count = Int(arguments[4]) else {
        fail("usage: relay POSTGRES_URL AMQP_URL COUNT")
    }
    print(String(format: "%.0f", try await relay(postgresURL: arguments[2], url: url, count: count)))
case "cases":
    guard arguments.count == 7, let base = URL(string: arguments[2]), let count = Int(arguments[5]), let concurrency = Int(arguments[6]) else {
        fail("usage: cases INTAKE_URL TOKEN_SECRET CITY COUNT CONCURRENCY")
    }
    let result = try await registerCases(baseURL: base, secret: arguments[3], city: arguments[4], count: count, concurrency: concurrency)
    print(String(format: "%.0f %.1f %.1f", result.perSecond, result.p50, result.p99))
case "bookings":
    guard arguments.count == 9, let shelter = URL(string: arguments[2]), let intake = URL(string: arguments[3]), let requests = Int(arguments[7]),
        let beds = Int(arguments[8])
    else {
        fail("usage: bookings SHELTER_URL INTAKE_URL ADMIN_POSTGRES_URL TOKEN_SECRET CITY REQUESTS BEDS")
    }
    let result = try await bookUnderContention(
        shelterURL: shelter, intakeURL: intake, postgresURL: arguments[4], secret: arguments[5], city: arguments[6], requests: requests, beds: beds)
    print(String(format: "%d %.1f %.1f %d", result.booked, result.p50, result.p99, result.otherAnswers))
case "endtoend":
    guard (8...9).contains(arguments.count), let base = URL(string: arguments[2]), let count = Int(arguments[6]), let concurrency = Int(arguments[7]),
        arguments.count == 8 || Double(arguments[8]).map({ $0 > 0 }) == true
    else {
        fail("usage: jardam-bench endtoend INTAKE_URL ADMIN_POSTGRES_URL TOKEN_SECRET CITY COUNT CONCURRENCY [RATE]")
    }
    let result = try await endToEnd(
        baseURL: base, postgresURL: arguments[3], secret: arguments[4], city: arguments[5], count: count, concurrency: concurrency,
        pace: arguments.count == 9 ? Double(arguments[8]) : nil)
    print(String(format: "%.1f %.1f %.1f %.1f %.1f", result.perSecond, result.p50, result.p99, result.httpP50, result.httpP99))
case "chaos":
    guard (10...11).contains(arguments.count), let base = URL(string: arguments[2]), let count = Int(arguments[6]), let rate = Double(arguments[7]),
        rate > 0, let hold = Double(arguments[9])
    else {
        fail("usage: jardam-bench chaos INTAKE_URL ADMIN_POSTGRES_URL TOKEN_SECRET CITY COUNT RATE FAULT_COMMAND HOLD_SECONDS [RESTORE_COMMAND]")
    }
    let result = try await ChaosRun(
        intake: base, postgresURL: arguments[3], secret: arguments[4], city: arguments[5], count: count, rate: rate, faultCommand: arguments[8],
        restoreCommand: arguments.count == 11 ? arguments[10] : nil, hold: .seconds(hold)
    ).run()
    print(
        String(
            format: "%d %.1f %.1f %d %d %.1f", result.cases, result.recoverySeconds, result.normalAgainSeconds, result.lost, result.duplicated,
            result.lateAfter))
case "matches":
    guard arguments.count == 8, let base = URL(string: arguments[2]), let vacancies = Int(arguments[6]), let requests = Int(arguments[7]) else {
        fail("usage: matches LABOR_URL ADMIN_POSTGRES_URL TOKEN_SECRET CITY VACANCIES REQUESTS")
    }
    let result = try await timeMatches(
        baseURL: base, postgresURL: arguments[3], secret: arguments[4], city: arguments[5], vacancies: vacancies, requests: requests)
    print(String(format: "%.1f %.1f", result.p50, result.p99))
default:
    fail("usage: jardam-bench publish|relay|cases|bookings|matches ...")
}
