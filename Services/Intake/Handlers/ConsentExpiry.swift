import Foundation
import Persistence

extension IntakeAPI {
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
}
