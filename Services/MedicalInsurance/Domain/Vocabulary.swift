/// What a plan may cover (CONTRACT.md §4).
enum MedicalService: String, CaseIterable, Codable, Sendable {
    case emergency, outpatient, inpatient, maternity, dental, chronic

    /// What a newly registered case needs covered: emergency and outpatient care, and
    /// maternity care for a pregnant woman.
    static func needed(vulnerabilities: [String]) -> [MedicalService] {
        [.emergency, .outpatient] + (vulnerabilities.contains("pregnant") ? [.maternity] : [])
    }
}
