import ArgumentParser
import ConsoleAccounts
import Foundation
import HummingbirdBcrypt
import Logging
import Persistence
import ServiceKit

/// `jardamctl staff add|disable|reset`: the console's staff accounts (CONTRACT.md §8).
struct StaffCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "staff", abstract: "Add, disable and reset the console's staff accounts.",
        discussion:
            "Writes the console's schema with CONSOLE_POSTGRES_URL (or JARDAM_POSTGRES_URL). The one-time password is printed once, on a line starting 'password: '; it must be changed at the first sign-in.",
        subcommands: [Add.self, Disable.self, Reset.self])

    /// bcrypt's cost, as the console hashes.
    static let bcryptCost: UInt8 = 12

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add an account and print its one-time password.")

        @Option(help: "Lower-case letters, digits, '.', '_' or '-', starting with a letter.") var username: String
        @Option(help: "The name shown on the pages.") var name: String
        @Option(help: "A role (repeat for more): \(Role.allCases.map(\.rawValue).joined(separator: ", ")).") var role: [String]
        @Option(help: "The partner organisation of partner staff (a lawyer's firm).") var partner: String?
        @Option(help: "The pages' language: \(ConsoleLanguage.allCases.map(\.rawValue).joined(separator: ", ")).") var language = "ru"

        func validate() throws {
            guard StaffCommand.isUsername(username) else {
                throw ValidationError("--username must be lower-case letters, digits, '.', '_' or '-', starting with a letter (2-63)")
            }
            guard !name.trimmingCharacters(in: .whitespaces).isEmpty, name.count <= 200 else {
                throw ValidationError("--name must be 1 to 200 characters")
            }
            guard !role.isEmpty else { throw ValidationError("give at least one --role") }
            for each in role where Role(rawValue: each) == nil { throw ValidationError("unknown role \(each)") }
            guard ConsoleLanguage(rawValue: language) != nil else { throw ValidationError("unknown language \(language)") }
            if let partner, UUID(uuidString: partner) == nil { throw ValidationError("--partner must be a partner's id (a UUID)") }
            if role.contains(Role.lawyer.rawValue) && partner == nil {
                throw ValidationError("a lawyer needs --partner: the firm whose referrals it sees")
            }
        }

        func run() async throws {
            try await reportingFailures {
                let password = StaffCommand.oneTimePassword()
                let added = try await StaffCommand.withAccounts { accounts, database in
                    try await accounts.insert(
                        id: UUID(), username: username, displayName: name, roles: role.compactMap(Role.init(rawValue:)),
                        partnerId: partner.flatMap(UUID.init(uuidString:)), language: ConsoleLanguage(rawValue: language)!,
                        passwordHash: Bcrypt.hash(password, cost: StaffCommand.bcryptCost), database: database)
                }
                guard added else { throw CtlError("the username \(username) is taken") }
                print("staff \(username) added; the one-time password, to be changed at the first sign-in:")
                print("password: \(password)")
            }
        }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Disable an account: it can no longer sign in, and its sessions end.")

        @Argument(help: "The account's username.") var username: String

        func run() async throws {
            try await reportingFailures {
                let found = try await StaffCommand.withAccounts { accounts, database in
                    try await accounts.setDisabled(true, username: username, database: database)
                }
                guard found else { throw CtlError("no account is named \(username)") }
                print("staff \(username) disabled; its sessions ended")
            }
        }
    }

    struct Reset: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Give an account a new one-time password; its code app is enrolled again at the next sign-in.")

        @Argument(help: "The account's username.") var username: String

        func run() async throws {
            try await reportingFailures {
                let password = StaffCommand.oneTimePassword()
                let found = try await StaffCommand.withAccounts { accounts, database in
                    try await accounts.reset(
                        username: username, passwordHash: Bcrypt.hash(password, cost: StaffCommand.bcryptCost), database: database)
                }
                guard found else { throw CtlError("no account is named \(username)") }
                print("staff \(username) reset; the one-time password, to be changed at the next sign-in:")
                print("password: \(password)")
            }
        }
    }

    static func isUsername(_ text: String) -> Bool {
        text.range(of: "^[a-z][a-z0-9._-]{1,62}$", options: .regularExpression) != nil
    }

    /// 20 characters without look-alikes (no 0/O, 1/l/I): about 115 bits.
    static func oneTimePassword() -> String {
        let alphabet = Array("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<20).map { _ in alphabet.randomElement(using: &generator)! })
    }

    /// Runs `body` on the console's schema.
    static func withAccounts<T>(_ body: (AccountStore, PostgresPool) async throws -> T) async throws -> T {
        var logger = Logger(label: "jardamctl")
        logger.logLevel = .warning
        let database = PostgresPool(configuration: .init(conninfo: try CtlEnvironment().consolePostgresURL(), maxConnections: 1), logger: logger)
        do {
            let value = try await body(AccountStore(schema: ConsoleSchema.name), database)
            await database.close()
            return value
        } catch {
            await database.close()
            throw error
        }
    }
}
