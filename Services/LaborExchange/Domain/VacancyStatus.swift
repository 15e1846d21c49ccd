/// Where a vacancy stands: open for matching, suspended while its employer is flagged, closed
/// once its positions are filled. Only `open` and `closed` are stored; `suspended` is read
/// from the employer's flag.
enum VacancyStatus: String, CaseIterable, Codable, Sendable {
    case open, suspended, closed
}
