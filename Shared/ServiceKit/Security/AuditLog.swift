import Foundation
import Hummingbird
import Persistence

/// The append-only record of who read or changed which personal record, when, and why.
public struct AuditLog: Sendable {
    /// One entry as the auditor sees it.
    public struct Entry: Codable, Sendable, Equatable {
        public let at: Date
        public let actor: String
        public let actorRoles: [String]
        public let action: String
        /// The record: `person/<uuid>`, `policy/<uuid>`.
        public let subject: String
        public let reason: String?
        public let requestId: String?
    }

    /// The service schema whose `audit_log` this writes.
    public let schema: String

    public init(schema: String) { self.schema = schema }

    /// Records one access, in the caller's transaction so that it commits with what it records.
    public func record(
        _ action: String, subject: String, reason: String?, by caller: StaffIdentity, requestID: String?,
        on connection: PostgresConnection
    ) async throws {
        try await connection.query(
            "INSERT INTO \"\(schema)\".audit_log (actor, actor_roles, action, subject, reason, request_id) VALUES ($1, $2, $3, $4, $5, $6)",
            [caller.subject, caller.roles.map(\.rawValue).sorted(), action, subject, reason, requestID])
    }

    /// Entries about `subject` (or all), newest first.
    public func entries(subject: String?, page: PageRequest, database: PostgresPool) async throws -> Page<Entry> {
        let rows = try await database.query(
            """
            SELECT id, at, actor, actor_roles, action, subject, reason, request_id FROM "\(schema)".audit_log
            WHERE ($1::text IS NULL OR subject = $1) AND ($2::bigint IS NULL OR id < $2)
            ORDER BY id DESC LIMIT $3
            """,
            [subject, page.cursor, page.limit + 1])
        let items = try rows.prefix(page.limit).map { row in
            Entry(
                at: try row.decode("at", as: Date.self), actor: try row.decode("actor", as: String.self),
                actorRoles: try row.decode("actor_roles", as: [String].self), action: try row.decode("action", as: String.self),
                subject: try row.decode("subject", as: String.self), reason: try row.decode("reason", as: String?.self),
                requestId: try row.decode("request_id", as: String?.self))
        }
        let next = rows.count > page.limit ? try rows[page.limit - 1].decode("id", as: Int.self) : nil
        return Page(items: items, nextCursor: next.map(String.init))
    }

    /// `GET /v1/audit?subject=` for auditors, on every service.
    public func addRoutes(to router: Router<JardamRequestContext>, database: PostgresPool) {
        router.get("/v1/audit", allowing: [.auditor]) { request, _, _ in
            let subject = request.uri.queryParameters["subject"].map(String.init)
            return try await entries(subject: subject, page: try PageRequest(query: request.uri), database: database)
        }
    }
}
