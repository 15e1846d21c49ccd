import Contracts
import Eventing
import Foundation
import Persistence
import ServiceKit

/// The network service's core: the city's links to the other cities, and the bridge between
/// this city's `jardam.events` and the network's `jardam.network` (CONTRACT.md §7). It knows
/// nothing of HTTP; it throws ``NetworkError``s, runs its transactions and writes its events to
/// the outbox in them.
struct NetworkHub: Sendable {
    let database: PostgresPool
    let links: LinkStore
    let outbox: Outbox
    /// This city (`JARDAM_CITY`).
    let city: String

    init(environment: ServiceEnvironment) {
        database = environment.database
        links = LinkStore(schema: environment.schema)
        outbox = environment.outbox
        city = environment.configuration.city
    }

    // MARK: - Links

    /// Links this city to `city`, whose transfer public key is `transferKey`, and tells intake the
    /// key (`network.link.declared.v1`); linking again changes the key.
    func link(city other: String, transferKey: Data) async throws -> Link {
        guard other != city else { throw NetworkError.linkToItself }
        return try await database.withTransaction { connection in
            let link = try await links.save(city: other, transferKey: transferKey, on: connection)
            try await outbox.append(NetworkLinkDeclared(city: other, transferKey: transferKey), subject: "city/\(other)", on: connection)
            return link
        }
    }

    /// Every link, by city.
    func allLinks() async throws -> [Link] {
        try await links.list(database: database)
    }

    // MARK: - From this city to the network

    /// This city's legal-referral flagged (`flagged`) or cleared an employer: the network hears
    /// it, in the caller's transaction.
    func tellNetwork(_ flag: EmployerFlagged, decidedAt: Date, on connection: PostgresConnection) async throws {
        try await outbox.appendToNetwork(
            NetworkEmployerFlagged(taxId: flag.taxId, reason: flag.reason, evidenceCount: flag.evidenceCount, city: city, decidedAt: decidedAt),
            subject: "employer/\(flag.taxId)", on: connection)
    }

    /// As ``tellNetwork(_:decidedAt:on:)`` for a clearing.
    func tellNetwork(_ clearing: EmployerCleared, decidedAt: Date, on connection: PostgresConnection) async throws {
        try await outbox.appendToNetwork(
            NetworkEmployerCleared(
                taxId: clearing.taxId, reason: clearing.reason, evidenceCount: clearing.evidenceCount, city: city, decidedAt: decidedAt),
            subject: "employer/\(clearing.taxId)", on: connection)
    }

    /// Intake hands a case over to another city: it goes to that city only (its name ends the
    /// routing key on `jardam.network`, and federation brings a city only what it binds), with its
    /// person sealed to that city's key, in the caller's transaction.
    func send(_ transfer: CaseTransferRequested, on connection: PostgresConnection) async throws {
        guard try await links.load(transfer.toCity, on: connection) != nil else { throw NetworkError.notLinked(transfer.toCity) }
        try await outbox.appendToNetwork(
            NetworkCaseTransferRequested(
                transferId: transfer.transferId, fromCity: transfer.fromCity, toCity: transfer.toCity, expiresAt: transfer.expiresAt,
                case: transfer.case, sealedPerson: transfer.sealedPerson),
            subject: "transfer/\(transfer.transferId.lowercased)", routingKey: NetworkCaseTransferRequested.routingKey(to: transfer.toCity),
            on: connection)
    }

    /// Intake answered a case handed over to this city: the answer goes to the sending city only.
    func send(_ answer: CaseTransferAnswered, on connection: PostgresConnection) async throws {
        let subject = "transfer/\(answer.transferId.lowercased)"
        if let rejection = answer.rejection {
            try await outbox.appendToNetwork(
                NetworkCaseTransferRejected(transferId: answer.transferId, fromCity: answer.fromCity, toCity: answer.toCity, reason: rejection),
                subject: subject, routingKey: NetworkCaseTransferRejected.routingKey(to: answer.fromCity), on: connection)
        } else {
            try await outbox.appendToNetwork(
                NetworkCaseTransferAccepted(transferId: answer.transferId, fromCity: answer.fromCity, toCity: answer.toCity),
                subject: subject, routingKey: NetworkCaseTransferAccepted.routingKey(to: answer.fromCity), on: connection)
        }
    }

    /// Intake cancelled a case handed over: the receiving city is told.
    func send(_ cancelled: CaseTransferCancelled, on connection: PostgresConnection) async throws {
        try await outbox.appendToNetwork(
            NetworkCaseTransferCancelled(transferId: cancelled.transferId, fromCity: cancelled.fromCity, toCity: cancelled.toCity),
            subject: "transfer/\(cancelled.transferId.lowercased)", routingKey: NetworkCaseTransferCancelled.routingKey(to: cancelled.toCity),
            on: connection)
    }

    // MARK: - From the network to this city

    /// An event of another city that arrived on `jardam.network`: checked (its source names the
    /// city its data names, a linked one) and counted, and announced again on this city's
    /// `jardam.events` for the city's services, in the caller's transaction. This city's own
    /// events come back from its own `jardam.network` and are left alone.
    func relayFromNetwork<Payload: EventData>(
        _ payload: Payload, decidedIn dataCity: String, envelope: EventEnvelope, on connection: PostgresConnection
    ) async throws {
        guard try await receivedFromNetwork(envelope, city: dataCity, on: connection) != nil else { return }
        try await outbox.append(
            EventEnvelope(payload, city: city, service: .network, subject: envelope.subject, causationID: envelope.id), on: connection)
    }

    /// The linked city an event of `jardam.network` comes from, once checked (its source names
    /// `dataCity`, the city its data names, and that city is linked: else ``NetworkError``) and
    /// counted; `nil` for this city's own event, which comes back from its own exchange.
    func receivedFromNetwork(_ envelope: EventEnvelope, city dataCity: String, on connection: PostgresConnection) async throws -> String? {
        guard let sourceCity = CityName.of(source: envelope.source), sourceCity == dataCity else {
            throw NetworkError.cityMismatch(source: envelope.source, data: dataCity)
        }
        guard sourceCity != city else { return nil }
        guard try await links.load(sourceCity, on: connection) != nil else { throw NetworkError.notLinked(sourceCity) }
        try await links.received(from: sourceCity, sentAt: envelope.time, on: connection)
        return sourceCity
    }
}
