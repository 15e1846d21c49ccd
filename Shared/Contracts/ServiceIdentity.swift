/// The six services of a city: their names on the wire, their database schemas and default ports.
///
/// The raw value is the executable name and the last segment of every event `source`
/// (`jardam://moscow/legal-referral`).
public enum ServiceIdentity: String, CaseIterable, Sendable, Codable {
    case intake
    case legalReferral = "legal-referral"
    case shelter
    case medicalInsurance = "medical-insurance"
    case laborExchange = "labor-exchange"
    /// The city's side of the network of cities (CONTRACT.md §7).
    case network

    /// The PostgreSQL schema the service owns; no other service reads or writes it.
    public var schema: String {
        switch self {
        case .intake: "intake"
        case .legalReferral: "legal"
        case .shelter: "shelter"
        case .medicalInsurance: "medical"
        case .laborExchange: "labor"
        case .network: "network"
        }
    }

    /// The HTTP port of CONTRACT.md §2, used when `JARDAM_HTTP_PORT` is not set.
    public var defaultPort: Int {
        switch self {
        case .intake: 8081
        case .legalReferral: 8082
        case .shelter: 8083
        case .medicalInsurance: 8084
        case .laborExchange: 8085
        case .network: 8086
        }
    }

    /// Whether the service keeps personal data (and so needs `JARDAM_DATA_KEY`).
    ///
    /// Intake holds the person records; medical-insurance holds policy numbers.
    public var holdsPersonalData: Bool {
        switch self {
        case .intake, .medicalInsurance: true
        case .legalReferral, .shelter, .laborExchange, .network: false
        }
    }
}
