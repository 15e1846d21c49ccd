import Contracts
import Foundation
import Persistence

/// Why a service refuses work on a case (CONTRACT.md §5a): it never heard of the case, the case
/// is not open, or the purpose is not consented to.
public enum CaseRefusal: Error, Equatable, Sendable {
    /// Never registered here; `field` names the body field that carried the id (`nil`: the path).
    case unknown(field: String?)
    /// Closed, erased or transferred.
    case notOpen(CaseStatus)
    /// The purpose was never granted, or was withdrawn.
    case consentRequired(ConsentPurpose)
}

extension KnownCase {
    /// Why work for `purpose` is refused on this case, or `nil` when it is permitted.
    public func refusal(for purpose: ConsentPurpose, field: String?) -> CaseRefusal? {
        if status != .open { return .notOpen(status) }
        if !registered { return .unknown(field: field) }
        if !consents.contains(purpose) { return .consentRequired(purpose) }
        return nil
    }
}

extension CaseProjection {
    /// The case `caseId` if work for `purpose` is permitted on it now, else the
    /// ``CaseRefusal``; `field` names the body field that carried the id. The case stays locked
    /// until the caller's transaction ends, so that a revocation waits for the work to commit
    /// and then undoes it.
    public func permitting(
        _ purpose: ConsentPurpose, caseId: UUID, field: String? = nil, on connection: PostgresConnection
    ) async throws -> KnownCase {
        guard let known = try await load(caseId, lock: .update, on: connection) else { throw CaseRefusal.unknown(field: field) }
        if let refusal = known.refusal(for: purpose, field: field) { throw refusal }
        return known
    }
}
