import Configuration
import ServiceKit

/// What the network service runs with: the shared settings.
struct NetworkConfiguration: Sendable {
    var service: ServiceConfiguration

    init(service: ServiceConfiguration) { self.service = service }

    /// Reads the environment; the first missing or malformed variable is thrown.
    init(reader: ConfigReader) throws(ConfigurationError) {
        self.init(service: try ServiceConfiguration(reader: reader, service: .network))
    }
}
