import Contracts
import Foundation

/// A partner as the router sees it: what it knows, what it speaks, how busy it is.
struct PartnerCandidate: Equatable, Sendable {
    let id: UUID
    let languages: Set<String>
    let specializations: Set<LegalIssue>
    let capacity: Int
    /// Referrals it holds now (proposed or accepted).
    let load: Int
}

/// Chooses the partner a referral is proposed to.
enum PartnerRouting {
    /// The best partner for `issue` in `language`: its specialisations cover the issue, it speaks
    /// the language (or its base language: `uz` for `uz-Cyrl`), it has free capacity and was not
    /// tried before; then the least loaded, then the most free places, then the smallest id, so
    /// that the same facts always give the same answer. `nil` when none fits.
    static func choose(issue: LegalIssue, language: String, among candidates: [PartnerCandidate], excluding tried: Set<UUID> = [])
        -> PartnerCandidate?
    {
        let base = language.split(separator: "-").first.map(String.init) ?? language
        return
            candidates
            .filter { candidate in
                !tried.contains(candidate.id) && candidate.specializations.contains(issue)
                    && (candidate.languages.contains(language) || candidate.languages.contains(base))
                    && candidate.load < candidate.capacity
            }
            .min { a, b in
                (a.load, b.capacity - b.load, a.id.uuidString) < (b.load, a.capacity - a.load, b.id.uuidString)
            }
    }
}
