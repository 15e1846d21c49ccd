import Contracts
import Persistence

// The shared vocabularies are stored as their raw text, alone or in `text[]` columns; the
// tables' CHECKs hold the lists their service accepts.
extension AgeBand: PostgresTextEnum {}
extension CaseStatus: PostgresTextEnum {}
extension Channel: PostgresTextEnum {}
extension ComplaintKind: PostgresTextEnum {}
extension ConsentPurpose: PostgresTextEnum {}
extension HotlineTopic: PostgresTextEnum {}
extension LegalIssue: PostgresTextEnum {}
extension MedicalService: PostgresTextEnum {}
extension Need: PostgresTextEnum {}
extension PartnerKind: PostgresTextEnum {}
extension Priority: PostgresTextEnum {}
extension ReferralOutcome: PostgresTextEnum {}
extension Sex: PostgresTextEnum {}
extension ShelterKind: PostgresTextEnum {}
extension Vulnerability: PostgresTextEnum {}
extension WagePeriod: PostgresTextEnum {}
