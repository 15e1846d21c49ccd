import Persistence

// The domain's vocabulary is stored as its raw text.
extension MedicalService: PostgresTextEnum {}
