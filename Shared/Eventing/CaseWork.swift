import Contracts
import Foundation
import Persistence

/// The work a service does for its need of a case, kept in step with the case as its
/// ``CaseProjection`` knows it: started when the case comes to want it, stopped when the case no
/// longer wants or permits it, forgotten when the person is erased. Because the steps follow the
/// projection (not the event that arrived), late and reordered events cannot restart work a
/// withdrawn consent or an erasure stopped.
public struct CaseWork: Sendable {
    /// Why work stops.
    public enum Stop: String, Sendable {
        case consentWithdrawn = "consent withdrawn"
        case caseClosed = "case closed"
        case noLongerNeeded = "no longer needed"
    }

    public typealias Start = @Sendable (KnownCase, EventEnvelope, PostgresConnection) async throws -> Void
    public typealias Halt = @Sendable (UUID, Stop, EventEnvelope, PostgresConnection) async throws -> Void
    public typealias Forget = @Sendable (UUID, EventEnvelope, PostgresConnection) async throws -> Void

    /// The need the service serves; `nil` for a service that only counts cases (network).
    public let need: Need?
    /// Starts the work of a case that now wants it.
    public var start: Start
    /// Stops (and undoes what is undoable of) the work of a case.
    public var stop: Halt
    /// Forgets everything linked to an erased case, free text included.
    public var forget: Forget
    /// Forgets what the service keeps by person (sealed data under the person's key).
    public var forgetPerson: @Sendable (String, EventEnvelope, PostgresConnection) async throws -> Void = { _, _, _ in }

    public init(need: Need, start: @escaping Start, stop: @escaping Halt, forget: @escaping Forget) {
        self.need = need; self.start = start; self.stop = stop; self.forget = forget
    }

    /// No work for any need: the projection is kept, and `forget` runs when the case's person is
    /// erased (a service that counts cases, and must stop counting an erased one).
    public init(forgetting forget: @escaping Forget) {
        self.need = nil; self.start = { _, _, _ in }; self.stop = { _, _, _, _ in }; self.forget = forget
    }

    /// Takes the step that the change from `before` to `after` calls for, if any.
    func follow(from before: KnownCase, to after: KnownCase, _ envelope: EventEnvelope, _ connection: PostgresConnection) async throws {
        if after.isErased {
            if !before.isErased { try await forget(after.caseId, envelope, connection) }
            return
        }
        guard let need else { return }
        let purpose = need.consentPurpose
        if after.wants(need) {
            if !before.wants(need) { try await start(after, envelope, connection) }
        } else if before.wants(need) || before.permits(purpose) && !after.permits(purpose) {
            let reason: Stop =
                after.status != .open ? .caseClosed : after.consents.contains(purpose) ? .noLongerNeeded : .consentWithdrawn
            try await stop(after.caseId, reason, envelope, connection)
        }
    }
}

extension CaseProjection {
    /// Handlers for intake's case events: each takes the case (locked), applies the event,
    /// stores the result and lets `work` follow the change, in the inbox transaction.
    public func handlers(_ work: CaseWork) -> [String: EventHandler] {
        [
            CaseRegistered.type: { envelope, connection in
                let data = try envelope.decodeData(as: CaseRegistered.self)
                try await change(data.caseId, work, envelope, connection) { $0.apply(data) }
            },
            CaseUpdated.type: { envelope, connection in
                let data = try envelope.decodeData(as: CaseUpdated.self)
                try await change(data.caseId, work, envelope, connection) { $0.apply(data) }
            },
            ConsentChanged.type: { envelope, connection in
                let data = try envelope.decodeData(as: ConsentChanged.self)
                try await change(data.caseId, work, envelope, connection) { $0.apply(data) }
            },
            PersonErased.type: { envelope, connection in
                let data = try envelope.decodeData(as: PersonErased.self)
                let erased: [(UUID, Int?)] =
                    if let cases = data.cases { cases.map { ($0.caseId, $0.caseVersion) } } else {
                        try await cases(of: data.personRef, on: connection).map { ($0, nil) }
                    }
                for (caseId, version) in erased {
                    try await change(caseId, work, envelope, connection) { $0.erase(at: version) }
                }
                try await work.forgetPerson(data.personRef, envelope, connection)
            },
            PersonMerged.type: { envelope, connection in
                let data = try envelope.decodeData(as: PersonMerged.self)
                try await merge(personRef: data.personRef, into: data.intoPersonRef, on: connection)
            },
        ]
    }

    private func change(
        _ caseId: UUID, _ work: CaseWork, _ envelope: EventEnvelope, _ connection: PostgresConnection, _ apply: (inout KnownCase) -> Void
    ) async throws {
        let before = try await take(caseId, on: connection)
        var after = before
        apply(&after)
        guard after != before else { return }
        try await store(after, at: envelope.time, on: connection)
        try await work.follow(from: before, to: after, envelope, connection)
    }
}
