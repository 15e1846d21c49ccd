import Persistence

// The domain's vocabularies are stored as their raw text; the table CHECKs hold the same lists.
extension LegalIssue: PostgresTextEnum {}
extension PartnerKind: PostgresTextEnum {}
extension ComplaintKind: PostgresTextEnum {}
extension ReferralStatus: PostgresTextEnum {}
