import Contracts
import Foundation
import Persistence

/// The `transfers` and `transfer_links` tables.
struct TransferStore: Sendable {
    let schema: String

    /// Keeps `city`'s transfer key as declared at `time`, unless a later declaration is kept.
    func declare(city: String, key: Data, at time: Date, on connection: PostgresConnection) async throws {
        try await connection.query(
            """
            INSERT INTO "\(schema)".transfer_links AS l (city, transfer_key, declared_at) VALUES ($1, $2, $3)
            ON CONFLICT (city) DO UPDATE SET transfer_key = $2, declared_at = $3 WHERE l.declared_at <= $3
            """, [city, key, time])
    }

    /// The transfer public key of the linked city `city`, or `nil` when it is not linked.
    func key(of city: String, on connection: PostgresConnection) async throws -> Data? {
        try await connection.query("SELECT transfer_key FROM \"\(schema)\".transfer_links WHERE city = $1", [city]).first
            .map { try $0.decode("transfer_key") }
    }

    /// Whether the case has an outgoing transfer waiting for an answer.
    func hasPending(caseId: UUID, on connection: PostgresConnection) async throws -> Bool {
        try await !connection.query(
            "SELECT 1 FROM \"\(schema)\".transfers WHERE case_id = $1 AND direction = 'outgoing' AND status = 'pending'", [caseId]
        ).isEmpty
    }

    /// Records an outgoing transfer, pending, with its reason sealed under the person's key.
    func insertOutgoing(
        _ transfer: Transfer, sealedReason: (data: Data, sealedFor: String), by actor: String, on connection: PostgresConnection
    ) async throws {
        try await connection.query(
            """
            INSERT INTO "\(schema)".transfers (id, direction, case_id, from_city, to_city, status, sealed_reason, sealed_for, requested_at,
                expires_at, requested_by)
            VALUES ($1, 'outgoing', $2, $3, $4, 'pending', $5, $6, $7, $8, $9)
            """,
            [
                transfer.id, transfer.caseId, transfer.fromCity, transfer.toCity, sealedReason.data, sealedReason.sealedFor, transfer.requestedAt,
                transfer.expiresAt, actor,
            ])
    }

    /// Records a transfer handed over to this city, pending, once (federation may bring it twice).
    func insertIncoming(_ request: NetworkCaseTransferRequested, receivedAt time: Date, on connection: PostgresConnection) async throws {
        try await connection.query(
            """
            INSERT INTO "\(schema)".transfers (id, direction, from_city, to_city, status, case_facts, sealed_person, requested_at, expires_at)
            VALUES ($1, 'incoming', $2, $3, 'pending', $4, $5, $6, $7) ON CONFLICT (id) DO NOTHING
            """,
            [
                request.transferId, request.fromCity, request.toCity, String(decoding: try Wire.encode(request.case), as: UTF8.self),
                String(decoding: try Wire.encode(request.sealedPerson), as: UTF8.self), time, request.expiresAt,
            ])
    }

    /// A page of transfers, oldest first, of one direction and status (`nil`: any).
    func list(direction: Transfer.Direction?, status: Transfer.Status?, cursor: Int?, limit: Int, database: PostgresPool) async throws -> (
        transfers: [Transfer], next: Int?
    ) {
        let rows = try await database.query(
            """
            SELECT id, seq, direction, case_id, from_city, to_city, status, requested_at, expires_at, case_facts, rejection FROM "\(schema)".transfers
            WHERE ($1::text IS NULL OR direction = $1) AND ($2::text IS NULL OR status = $2) AND ($3::bigint IS NULL OR seq > $3)
            ORDER BY seq LIMIT $4
            """, [direction?.rawValue, status?.rawValue, cursor, limit + 1])
        let transfers = try rows.prefix(limit).map { row in
            Transfer(
                id: try row.decode("id"), direction: Transfer.Direction(rawValue: try row.decode("direction"))!, caseId: try row.decode("case_id"),
                fromCity: try row.decode("from_city"), toCity: try row.decode("to_city"),
                status: Transfer.Status(rawValue: try row.decode("status"))!, requestedAt: try row.decode("requested_at"),
                expiresAt: try row.decode("expires_at"),
                case: try row.decode("case_facts", as: String?.self).map { try Wire.decode(TransferredCase.self, from: Data($0.utf8)) },
                rejection: try row.decode("rejection", as: String?.self).map(TransferRejection.init(rawValue:)))
        }
        return (transfers, rows.count > limit ? try rows[limit - 1].decode("seq", as: Int.self) : nil)
    }

    /// A pending transfer handed over to this city, locked: what travelled of it, or `nil`.
    func pendingIncoming(_ id: UUID, on connection: PostgresConnection) async throws -> (
        fromCity: String, expiresAt: Date, facts: TransferredCase, sealed: SealedPerson
    )? {
        guard
            let row = try await connection.query(
                """
                SELECT from_city, expires_at, case_facts, sealed_person FROM "\(schema)".transfers
                WHERE id = $1 AND direction = 'incoming' AND status = 'pending' FOR UPDATE
                """, [id]
            ).first,
            let facts = try row.decode("case_facts", as: String?.self), let sealed = try row.decode("sealed_person", as: String?.self)
        else { return nil }
        return (
            try row.decode("from_city"), try row.decode("expires_at"), try Wire.decode(TransferredCase.self, from: Data(facts.utf8)),
            try Wire.decode(SealedPerson.self, from: Data(sealed.utf8))
        )
    }

    /// The status of the transfer `id` of `direction`, or `nil` when there is none.
    func status(of id: UUID, direction: Transfer.Direction, on connection: PostgresConnection) async throws -> Transfer.Status? {
        try await connection.query(
            "SELECT status FROM \"\(schema)\".transfers WHERE id = $1 AND direction = $2", [id, direction.rawValue]
        ).first.flatMap { Transfer.Status(rawValue: try $0.decode("status")) }
    }

    /// A pending outgoing transfer (with `orExpired`, an expired one too), locked: its case, or
    /// `nil` when it is not (answered already, cancelled, or never sent from here).
    func pendingOutgoing(_ id: UUID, orExpired: Bool = false, on connection: PostgresConnection) async throws -> UUID? {
        try await connection.query(
            """
            SELECT case_id FROM "\(schema)".transfers
            WHERE id = $1 AND direction = 'outgoing' AND (status = 'pending' OR ($2 AND status = 'expired')) FOR UPDATE
            """, [id, orExpired]
        ).first.flatMap { try $0.decode("case_id", as: UUID?.self) }
    }

    /// Records a cancellation that arrived before its request, once: the request is then kept
    /// cancelled (``insertIncoming(_:receivedAt:on:)`` does nothing for an id it has).
    func insertCancelledIncoming(_ cancelled: NetworkCaseTransferCancelled, at time: Date, on connection: PostgresConnection) async throws {
        try await connection.query(
            """
            INSERT INTO "\(schema)".transfers (id, direction, from_city, to_city, status, requested_at, expires_at, answered_at)
            VALUES ($1, 'incoming', $2, $3, 'cancelled', $4, $4, $4) ON CONFLICT (id) DO NOTHING
            """, [cancelled.transferId, cancelled.fromCity, cancelled.toCity, time])
    }

    /// Records a transfer's answer (or its expiry); an incoming one forgets its sealed person.
    func answer(
        _ id: UUID, status: Transfer.Status, caseId: UUID? = nil, personId: UUID? = nil, rejection: TransferRejection? = nil, at time: Date,
        on connection: PostgresConnection
    ) async throws {
        try await connection.query(
            """
            UPDATE "\(schema)".transfers SET status = $2, case_id = coalesce($3, case_id), person_id = $4, rejection = $5, answered_at = $6,
                sealed_person = NULL
            WHERE id = $1
            """, [id, status.rawValue, caseId, personId, rejection?.rawValue, time])
    }

    /// The case's outgoing transfer that waits for an answer, locked, if any.
    func pendingOutgoing(caseOf caseId: UUID, on connection: PostgresConnection) async throws -> (id: UUID, toCity: String)? {
        try await connection.query(
            "SELECT id, to_city FROM \"\(schema)\".transfers WHERE case_id = $1 AND direction = 'outgoing' AND status = 'pending' FOR UPDATE",
            [caseId]
        ).first.map { (try $0.decode("id"), try $0.decode("to_city")) }
    }

    /// Marks the pending transfers past their expiry at `now` as expired, forgetting sealed persons.
    func expire(at now: Date, on connection: PostgresConnection) async throws -> [(
        id: UUID, outgoing: (caseId: UUID, toCity: String, expiresAt: Date)?
    )] {
        try await connection.query(
            """
            UPDATE "\(schema)".transfers SET status = 'expired', sealed_person = NULL, answered_at = $1
            WHERE status = 'pending' AND expires_at <= $1
            RETURNING id, direction, case_id, to_city, expires_at
            """, [now]
        ).map { row in
            let outgoing = try row.decode("direction", as: String.self) == Transfer.Direction.outgoing.rawValue
            return (
                try row.decode("id"),
                outgoing ? (try row.decode("case_id"), try row.decode("to_city"), try row.decode("expires_at")) : nil
            )
        }
    }
}
