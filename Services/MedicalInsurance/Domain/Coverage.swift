import Contracts
import Foundation

/// A policy as coverage sees it: what its plan covers, and when.
struct PolicyCover: Equatable, Sendable {
    let policyId: UUID
    let validFrom: CalendarDate
    /// The last day covered (inclusive).
    let validTo: CalendarDate
    let coverage: Set<MedicalService>
}

/// Whether a case is covered for services on a day.
enum Coverage {
    /// The verdict: covered when one policy valid on `day` covers every service; otherwise the
    /// services the best valid policy leaves out (`gaps`), all of them without a valid policy.
    struct Verdict: Equatable, Sendable {
        let covered: Bool
        let policyId: UUID?
        let gaps: [MedicalService]
    }

    /// Validity dates are inclusive at both ends: a policy that ended yesterday does not cover
    /// today. Among valid policies the one leaving the fewest gaps wins, then the one valid longest.
    static func check(_ services: [MedicalService], on day: CalendarDate, policies: [PolicyCover]) -> Verdict {
        let valid = policies.filter { $0.validFrom <= day && day <= $0.validTo }
        func gaps(_ policy: PolicyCover) -> [MedicalService] { services.filter { !policy.coverage.contains($0) } }
        guard
            let best = valid.min(by: { (gaps($0).count, $1.validTo, $0.policyId.uuidString) < (gaps($1).count, $0.validTo, $1.policyId.uuidString) })
        else {
            return Verdict(covered: false, policyId: nil, gaps: services)
        }
        let missing = gaps(best)
        return Verdict(covered: missing.isEmpty, policyId: best.policyId, gaps: missing)
    }
}
