import Foundation
import Persistence

/// The `links` table.
struct LinkStore: Sendable {
    let schema: String

    /// Records the link to `city` with its transfer key, or changes the key of an existing one.
    func save(city: String, transferKey: Data, on connection: PostgresConnection) async throws -> Link {
        try Self.link(
            try await connection.query(
                """
                INSERT INTO "\(schema)".links (city, transfer_key) VALUES ($1, $2)
                ON CONFLICT (city) DO UPDATE SET transfer_key = $2, updated_at = now()
                RETURNING city, transfer_key, linked_at, last_message_at, messages_received
                """, [city, transferKey])[0])
    }

    func load(_ city: String, on connection: PostgresConnection) async throws -> Link? {
        try await connection.query(
            "SELECT city, transfer_key, linked_at, last_message_at, messages_received FROM \"\(schema)\".links WHERE city = $1", [city]
        ).first.map(Self.link)
    }

    /// Every link, by city.
    func list(database: PostgresPool) async throws -> [Link] {
        try await database.query(
            "SELECT city, transfer_key, linked_at, last_message_at, messages_received FROM \"\(schema)\".links ORDER BY city"
        ).map(Self.link)
    }

    /// Counts a message from `city` sent at `time` (the latest time is kept).
    func received(from city: String, sentAt time: Date, on connection: PostgresConnection) async throws {
        try await connection.query(
            """
            UPDATE "\(schema)".links SET messages_received = messages_received + 1,
                last_message_at = greatest(last_message_at, $2) WHERE city = $1
            """, [city, time])
    }

    private static func link(_ row: PostgresRow) throws -> Link {
        Link(
            city: try row.decode("city"), transferKey: try row.decode("transfer_key"), linkedAt: try row.decode("linked_at"),
            lastMessageAt: try row.decode("last_message_at"), messagesReceived: try row.decode("messages_received"))
    }
}
