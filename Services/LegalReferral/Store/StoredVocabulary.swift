import Persistence

// Legal-referral's own vocabulary is stored as its raw text; the table CHECK holds the same list.
extension ReferralStatus: PostgresTextEnum {}
