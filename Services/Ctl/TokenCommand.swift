import ArgumentParser
import Foundation
import ServiceKit

/// `jardamctl token issue`: a staff token signed with the city's `JARDAM_TOKEN_SECRET`.
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token", abstract: "Staff tokens.", subcommands: [Issue.self])

    struct Issue: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a token signed with JARDAM_TOKEN_SECRET from the environment.")

        @Option(name: .customLong("role"), help: "A role (repeat for several): \(Role.allCases.map(\.rawValue).joined(separator: ", ")).")
        var roles: [String]

        @Option(help: "The city the token is for (moscow).")
        var city: String

        @Option(help: "The partner organisation id, for partner staff (lawyer).")
        var partner: String?

        @Option(help: "Lifetime: 30m, 8h, 7d.")
        var ttl: String = "8h"

        @Option(help: "The staff account the token names.")
        var subject: String = "jardamctl"

        func validate() throws {
            guard !roles.isEmpty else { throw ValidationError("give at least one --role") }
            for role in roles where Role(rawValue: role) == nil { throw ValidationError("unknown role \(role)") }
            guard Self.lifetime(ttl) != nil else { throw ValidationError("--ttl must look like 30m, 8h or 7d") }
            if let partner, UUID(uuidString: partner) == nil { throw ValidationError("--partner must be a partner id (UUID)") }
        }

        func run() async throws {
            try await reportingFailures {
                let authority = await TokenAuthority(secret: try CtlEnvironment().tokenSecret(), city: city)
                print(
                    try await authority.issue(
                        subject: subject, roles: roles.compactMap(Role.init(rawValue:)), partner: partner.flatMap(UUID.init(uuidString:)),
                        lifetime: Self.lifetime(ttl)!))
            }
        }

        static func lifetime(_ text: String) -> Duration? {
            guard let unit = text.last, let number = Int(text.dropLast()), number > 0 else { return nil }
            switch unit {
            case "s": return .seconds(number)
            case "m": return .seconds(number * 60)
            case "h": return .seconds(number * 3600)
            case "d": return .seconds(number * 86_400)
            default: return nil
            }
        }
    }
}
