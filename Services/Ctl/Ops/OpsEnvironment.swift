import ArgumentParser
import Contracts
import Foundation
import Messaging

/// What the operations commands read from the city's environment (`.run/<city>/env`, or the
/// same variables in production).
struct OpsEnvironment {
    let variables: [String: String]

    init(_ variables: [String: String] = ProcessInfo.processInfo.environment) {
        self.variables = variables
    }

    /// `JARDAM_AMQP_URL`.
    func amqpURL() throws -> AMQPURL {
        guard let url = variables["JARDAM_AMQP_URL"].flatMap(AMQPURL.init) else { throw CtlError("JARDAM_AMQP_URL is missing or malformed") }
        return url
    }

    /// The service's database URL: `<SCHEMA>_POSTGRES_URL` (`INTAKE_POSTGRES_URL`), else
    /// `JARDAM_POSTGRES_URL` (one service's environment).
    func postgresURL(of service: ServiceIdentity) throws -> String {
        guard let url = variables["\(service.schema.uppercased())_POSTGRES_URL"] ?? variables["JARDAM_POSTGRES_URL"] else {
            throw CtlError("\(service.schema.uppercased())_POSTGRES_URL (or JARDAM_POSTGRES_URL) is missing")
        }
        return url
    }

    /// The services named by `--service`, or all five.
    static func services(_ name: String?) throws -> [ServiceIdentity] {
        guard let name else { return ServiceIdentity.allCases }
        guard let service = ServiceIdentity(rawValue: name) else {
            throw ValidationError("unknown service \(name); one of: \(ServiceIdentity.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return [service]
    }
}
