import Configuration
import Foundation
import ServiceKit

/// What intake runs with: the shared settings (its data key among them).
struct IntakeConfiguration: Sendable {
    var service: ServiceConfiguration
    /// Days a case handed over to another city waits for its answer before it expires
    /// (`JARDAM_TRANSFER_DAYS`, default 7).
    var transferDays = 7
    /// This city's transfer private key (`JARDAM_TRANSFER_KEY`: X25519, base64 of 32 bytes), which
    /// opens the persons other cities hand over here; without it, none can be accepted.
    var transferKey: Data?

    init(service: ServiceConfiguration) { self.service = service }

    /// Reads the environment; the first missing or malformed variable is thrown.
    init(reader: ConfigReader) throws(ConfigurationError) {
        self.init(service: try ServiceConfiguration(reader: reader, service: .intake))
        transferDays = try reader.value(of: "JARDAM_TRANSFER_DAYS", default: 7, expected: "a whole number of days from 1 to 90") { text in
            Int(text).flatMap { (1...90).contains($0) ? $0 : nil }
        }
        transferKey = try reader.value(of: "JARDAM_TRANSFER_KEY", default: nil, expected: "base64 of a 32-byte X25519 private key") { text in
            Data(base64Encoded: text).flatMap { $0.count == 32 ? $0 : nil }
        }
    }
}
