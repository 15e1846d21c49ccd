import Contracts
import Foundation
import Persistence
import ServiceKit

extension Registry {
    /// Records `consent` for its case in the caller's transaction; a closed case can only have
    /// consent withdrawn (``IntakeError/consentOnClosedCase``), an erased or transferred one
    /// nothing (``IntakeError/caseNotOpen(_:)``).
    func record(_ consent: Consent, by actor: String, on connection: PostgresConnection) async throws {
        guard let record = try await cases.load(consent.caseId, lock: true, on: connection) else { throw IntakeError.caseNotFound }
        if ![.open, .closed].contains(record.status) { throw IntakeError.caseNotOpen(record.status) }
        if consent.granted && record.status == .closed { throw IntakeError.consentOnClosedCase }
        try await change(consent, by: actor, on: connection)
    }

    /// The consent change `id`.
    func consent(_ id: UUID) async throws -> Consent {
        guard let consent = try await database.withConnection({ try await consents.change(id, on: $0) }) else { throw IntakeError.consentNotFound }
        return consent
    }

    /// The case's consents as they stand now, one per purpose.
    func consents(of caseId: UUID) async throws -> [Consent] {
        try await database.withConnection { connection in
            guard try await cases.load(caseId, on: connection) != nil else { throw IntakeError.caseNotFound }
            return try await consents.current(caseId: caseId, on: connection)
        }
    }

    /// Withdraws every granted consent whose expiry has passed at `now` and announces each with
    /// `intake.consent.changed.v1` (`granted: false`); returns how many. Safe to run anywhere
    /// at once: due consents are taken with `SKIP LOCKED`.
    func expireConsents(at now: Date) async throws -> Int {
        try await database.withTransaction { connection in
            let due = try await consents.due(at: now, limit: 500, on: connection)
            for consent in due {
                try await change(
                    Consent(
                        id: UUID(), caseId: consent.caseId, purpose: consent.purpose, granted: false, expiresAt: consent.expiresAt, changedAt: now),
                    by: "intake:consent-expiry", on: connection)
            }
            return due.count
        }
    }

    /// Records a consent change, counts it in the case's version and announces it
    /// (`intake.consent.changed.v1`), in the caller's transaction; a withdrawn `transfer` cancels
    /// the case's pending handover.
    private func change(_ consent: Consent, by actor: String, on connection: PostgresConnection) async throws {
        if consent.purpose == .transfer && !consent.granted { try await cancelTransfer(of: consent.caseId, on: connection) }
        try await consents.record(consent, by: actor, on: connection)
        let version = try await cases.nextVersion(of: consent.caseId, on: connection)
        try await emit(
            ConsentChanged(
                caseId: consent.caseId, purpose: consent.purpose, granted: consent.granted, expiresAt: consent.expiresAt, caseVersion: version),
            subject: "case/\(consent.caseId.lowercased)", on: connection)
    }
}
