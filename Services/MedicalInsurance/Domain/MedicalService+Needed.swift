import Contracts

extension MedicalService {
    /// What a newly registered case needs covered: emergency and outpatient care, and
    /// maternity care for a pregnant woman.
    static func needed(vulnerabilities: [Vulnerability]) -> [MedicalService] {
        [.emergency, .outpatient] + (vulnerabilities.contains(.pregnant) ? [.maternity] : [])
    }
}
