import Persistence

// The labor exchange's own vocabulary is stored as its raw text; the table CHECK holds the stored values.
extension VacancyStatus: PostgresTextEnum {}
