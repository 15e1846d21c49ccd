import Configuration
import ServiceKit

/// What legal-referral runs with: the shared settings and its own.
struct LegalConfiguration: Sendable {
    var service: ServiceConfiguration
    /// How long a proposal waits for the partner's answer before it is escalated
    /// (`JARDAM_ESCALATION_HOURS`, default 24).
    var escalateAfter: Duration = .seconds(24 * 3600)
    /// Distinct known cases with legal consent whose complaints flag an employer
    /// (`JARDAM_FLAG_THRESHOLD`, default 3).
    var flagThreshold = 3

    init(service: ServiceConfiguration) { self.service = service }

    /// Reads the environment; the first missing or malformed variable is thrown.
    init(reader: ConfigReader) throws(ConfigurationError) {
        self.init(service: try ServiceConfiguration(reader: reader, service: .legalReferral))
        let hours = try reader.value(of: "JARDAM_ESCALATION_HOURS", default: 24, expected: "a positive number of hours") { text in
            Double(text).flatMap { $0 > 0 && $0.isFinite ? $0 : nil }
        }
        escalateAfter = .seconds(hours * 3600)
        flagThreshold = try reader.value(of: "JARDAM_FLAG_THRESHOLD", default: 3, expected: "a whole number from 1") { text in
            Int(text).flatMap { $0 >= 1 ? $0 : nil }
        }
    }
}
