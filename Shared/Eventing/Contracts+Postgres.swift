import Contracts
import Persistence

// How the values of Contracts are stored: the database driver knows none of them.

extension CalendarDate: PostgresCodable {
    public static var postgresType: PostgresType { .date }
    public var postgresText: String? { description }
    public init(postgresText: String) throws(PostgresDecodingFailure) {
        guard let value = CalendarDate(iso8601: postgresText) else {
            throw .init(expected: CalendarDate.self)
        }
        self = value
    }
}

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
