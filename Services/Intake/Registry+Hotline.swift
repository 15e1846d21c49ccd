import Contracts
import Foundation
import Persistence
import ServiceKit

extension Registry {
    /// Logs a call (no personal data) and announces it, in the caller's transaction; a call
    /// naming a case needs that case on record (``IntakeError/unknownCase``).
    func log(_ call: HotlineCall, by actor: String, on connection: PostgresConnection) async throws {
        if let caseId = call.caseId, try await cases.load(caseId, on: connection) == nil { throw IntakeError.unknownCase }
        try await hotline.insert(call, by: actor, on: connection)
        try await outbox.append(
            HotlineCallLogged(
                language: call.language, topic: call.topic, resolvedByPhone: call.resolvedByPhone, durationSeconds: call.durationSeconds),
            subject: "hotline-call/\(call.id.lowercased)", on: connection)
    }

    /// The hotline call `id`.
    func call(_ id: UUID) async throws -> HotlineCall {
        guard let call = try await database.withConnection({ try await hotline.load(id, on: $0) }) else { throw IntakeError.callNotFound }
        return call
    }

    /// Calls of a period counted by language, topic and hour in `timeZone`.
    func hotlineStatistics(from: CalendarDate, to: CalendarDate, timeZone: String) async throws -> HotlineStatistics {
        try await hotline.statistics(from: from, to: to, timeZone: timeZone, database: database)
    }
}
