import Contracts
import Foundation
import Persistence

/// The `shelters`, `rooms` and `beds` tables, and which beds are free.
struct ShelterStore: Sendable {
    let schema: String

    /// Stores the shelter, its rooms, and one bed row per bed.
    func insert(_ shelter: Shelter, on connection: PostgresConnection) async throws {
        try await connection.query(
            "INSERT INTO \"\(schema)\".shelters (id, name, kind, address, confidential_address) VALUES ($1, $2, $3, $4, $5)",
            [shelter.id, shelter.name, shelter.kind, shelter.address ?? "", shelter.confidentialAddress])
        for room in shelter.rooms {
            try await connection.query(
                "INSERT INTO \"\(schema)\".rooms (id, shelter_id, name, sex, family) VALUES ($1, $2, $3, $4, $5)",
                [room.id, shelter.id, room.name, room.sex, room.family])
            try await connection.query(
                "INSERT INTO \"\(schema)\".beds (id, room_id, label) SELECT gen_random_uuid(), $1, $2 || '-' || n FROM generate_series(1, $3) n",
                [room.id, room.name, room.beds])
        }
    }

    func load(_ id: UUID, on connection: PostgresConnection) async throws -> Shelter? {
        try await list(id: id, cursor: nil, limit: 1, on: connection).shelters.first
    }

    /// Oldest first; with `id`, only that one.
    func list(id: UUID? = nil, cursor: Int?, limit: Int, on connection: PostgresConnection) async throws -> (shelters: [Shelter], next: Int?) {
        let rows = try await connection.query(
            """
            SELECT s.id, s.seq, s.name, s.kind, s.address, s.confidential_address,
                coalesce(json_agg(json_build_object('id', r.id, 'name', r.name, 'sex', r.sex, 'family', r.family,
                    'beds', (SELECT count(*) FROM "\(schema)".beds b WHERE b.room_id = r.id)) ORDER BY r.name)
                    FILTER (WHERE r.id IS NOT NULL), '[]')::text AS rooms
            FROM "\(schema)".shelters s LEFT JOIN "\(schema)".rooms r ON r.shelter_id = s.id
            WHERE ($1::uuid IS NULL OR s.id = $1) AND ($2::bigint IS NULL OR s.seq > $2)
            GROUP BY s.id ORDER BY s.seq LIMIT $3
            """,
            [id, cursor, limit + 1])
        let shelters = try rows.prefix(limit).map { row in
            Shelter(
                id: try row.decode("id"), name: try row.decode("name"), kind: try row.decode("kind"), address: try row.decode("address"),
                confidentialAddress: try row.decode("confidential_address"),
                rooms: try JSONDecoder().decode([Shelter.Room].self, from: Data(try row.decode("rooms", as: String.self).utf8)))
        }
        return (shelters, rows.count > limit ? try rows[limit - 1].decode("seq", as: Int.self) : nil)
    }

    /// Every room with the beds free on each night from `from` to the night before `to`.
    func freeRooms(from: CalendarDate, to: CalendarDate, on connection: PostgresConnection) async throws -> [FreeRoom] {
        try await connection.query(
            """
            SELECT r.id AS room_id, r.shelter_id, s.kind, r.sex, r.family,
                coalesce(array_agg(b.id::text ORDER BY b.id) FILTER (WHERE b.id IS NOT NULL AND NOT EXISTS (
                    SELECT 1 FROM "\(schema)".booking_beds bb WHERE bb.bed_id = b.id AND bb.active AND bb.nights && daterange($1, $2))), '{}') AS free
            FROM "\(schema)".rooms r JOIN "\(schema)".shelters s ON s.id = r.shelter_id
            LEFT JOIN "\(schema)".beds b ON b.room_id = r.id
            GROUP BY r.id, s.kind
            """,
            [from, to]
        ).map { row in
            FreeRoom(
                roomId: try row.decode("room_id"), shelterId: try row.decode("shelter_id"), kind: try row.decode("kind"),
                sex: try row.decode("sex"), family: try row.decode("family"),
                freeBeds: try row.decode("free", as: [String].self).compactMap(UUID.init(uuidString:)))
        }
    }

    /// The kind of `shelterId` and its beds free tonight (for `shelter.occupancy.changed.v1`).
    func occupancy(of shelterId: UUID, on connection: PostgresConnection) async throws -> (kind: ShelterKind, freeBeds: Int) {
        let row = try await connection.query(
            """
            SELECT s.kind, (SELECT count(*) FROM "\(schema)".beds b JOIN "\(schema)".rooms r ON r.id = b.room_id
                WHERE r.shelter_id = s.id AND NOT EXISTS (SELECT 1 FROM "\(schema)".booking_beds bb
                    WHERE bb.bed_id = b.id AND bb.active AND bb.nights @> current_date)) AS free
            FROM "\(schema)".shelters s WHERE s.id = $1
            """, [shelterId]
        )[0]
        return (try row.decode("kind"), try row.decode("free"))
    }
}
