import Configuration
import ServiceKit

/// What intake runs with: the shared settings (its data key among them).
struct IntakeConfiguration: Sendable {
    var service: ServiceConfiguration

    init(service: ServiceConfiguration) { self.service = service }

    /// Reads the environment; the first missing or malformed variable is thrown.
    init(reader: ConfigReader) throws(ConfigurationError) {
        self.init(service: try ServiceConfiguration(reader: reader, service: .intake))
    }
}
