import Configuration
import ServiceKit

/// What the shelter service runs with: the shared settings and its own.
struct ShelterConfiguration: Sendable {
    var service: ServiceConfiguration
    /// How long a hold keeps its beds unless it is confirmed.
    var holdFor: Duration = .seconds(2 * 3600)
    /// Nights held for a newly registered case that needs housing.
    var nightsForNewCase = 14

    init(service: ServiceConfiguration) { self.service = service }

    /// Reads the environment; the first missing or malformed variable is thrown.
    init(reader: ConfigReader) throws(ConfigurationError) {
        self.init(service: try ServiceConfiguration(reader: reader, service: .shelter))
    }
}
