import Contracts
import Foundation
import Persistence

/// The `bookings` and `booking_beds` tables.
struct BookingStore: Sendable {
    let schema: String

    /// Inserts the booking and its beds. A bed already taken for an overlapping night fails
    /// with SQLSTATE 23P01 (the exclusion constraint), whatever the code above did.
    func insert(_ booking: Booking, beds: [UUID], on connection: PostgresConnection) async throws {
        try await connection.query(
            """
            INSERT INTO "\(schema)".bookings (id, case_id, shelter_id, first_night, departure, beds, sex, with_children, status, expires_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
            """,
            [
                booking.id, booking.caseId, booking.shelterId, booking.from, booking.to, booking.beds, booking.sex, booking.withChildren,
                booking.status, booking.expiresAt,
            ])
        try await connection.query(
            """
            INSERT INTO "\(schema)".booking_beds (booking_id, bed_id, nights)
            SELECT $1, bed::uuid, daterange($2, $3) FROM unnest($4::text[]) bed
            """,
            [booking.id, booking.from, booking.to, beds.map(\.lowercased)])
    }

    func load(_ id: UUID, lock: Bool = false, on connection: PostgresConnection) async throws -> Booking? {
        try await connection.query("\(select) WHERE id = $1 \(lock ? "FOR UPDATE" : "")", [id]).first.map(Self.booking)
    }

    /// Stores the new status; a booking that no longer holds beds frees them.
    func save(_ booking: Booking, on connection: PostgresConnection) async throws {
        try await connection.query(
            "UPDATE \"\(schema)\".bookings SET status = $2, expires_at = $3, updated_at = now() WHERE id = $1",
            [booking.id, booking.status, booking.expiresAt])
        if !booking.status.holdsBeds {
            try await connection.query("UPDATE \"\(schema)\".booking_beds SET active = false WHERE booking_id = $1", [booking.id])
        }
    }

    /// Holds whose expiry has passed, locked so one sweeper takes each.
    func expired(at now: Date, limit: Int, on connection: PostgresConnection) async throws -> [Booking] {
        try await connection.query(
            "\(select) WHERE status = 'held' AND expires_at <= $1 ORDER BY expires_at LIMIT $2 FOR UPDATE SKIP LOCKED", [now, limit]
        ).map(Self.booking)
    }

    /// The bookings of a case that still hold beds, locked.
    func holding(caseId: UUID, on connection: PostgresConnection) async throws -> [Booking] {
        try await connection.query(
            "\(select) WHERE case_id = $1 AND status IN ('held', 'confirmed') ORDER BY seq FOR UPDATE", [caseId]
        ).map(Self.booking)
    }

    /// Newest first, by case and status.
    func list(caseId: UUID?, status: BookingStatus?, cursor: Int?, limit: Int, database: PostgresPool) async throws -> (
        bookings: [Booking], next: Int?
    ) {
        let rows = try await database.query(
            """
            \(select) WHERE ($1::uuid IS NULL OR case_id = $1) AND ($2::text IS NULL OR status = $2) AND ($3::bigint IS NULL OR seq < $3)
            ORDER BY seq DESC LIMIT $4
            """, [caseId, status, cursor, limit + 1])
        let bookings = try rows.prefix(limit).map(Self.booking)
        return (bookings, rows.count > limit ? try rows[limit - 1].decode("seq", as: Int.self) : nil)
    }

    private var select: String {
        "SELECT id, seq, case_id, shelter_id, first_night, departure, beds, sex, with_children, status, expires_at FROM \"\(schema)\".bookings"
    }

    private static func booking(_ row: PostgresRow) throws -> Booking {
        Booking(
            id: try row.decode("id"), caseId: try row.decode("case_id"), shelterId: try row.decode("shelter_id"),
            from: try row.decode("first_night"), to: try row.decode("departure"), beds: try row.decode("beds"),
            sex: try row.decode("sex"), withChildren: try row.decode("with_children"), status: try row.decode("status"),
            expiresAt: try row.decode("expires_at"))
    }

    /// Takes the beds' lock to the end of the transaction: holds are chosen one at a time.
    func lockBeds(on connection: PostgresConnection) async throws {
        try await connection.lockForTransaction("\(schema).beds")
    }
}
