import Persistence

// The domain's vocabulary is stored as its raw text.
extension WagePeriod: PostgresTextEnum {}
