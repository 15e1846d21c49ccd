import Persistence

// The domain's vocabularies are stored as their raw text; the table CHECKs hold the same lists.
extension Need: PostgresTextEnum {}
extension Channel: PostgresTextEnum {}
extension ConsentPurpose: PostgresTextEnum {}
extension Sex: PostgresTextEnum {}
extension CaseStatus: PostgresTextEnum {}
extension CasePriority: PostgresTextEnum {}
extension Vulnerability: PostgresTextEnum {}
extension HotlineTopic: PostgresTextEnum {}
