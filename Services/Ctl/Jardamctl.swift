import ArgumentParser

/// `jardamctl`: operations on one city's deployment.
@main
struct Jardamctl: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jardamctl",
        abstract: "Operations on one Jardam city.",
        subcommands: [
            ConfigCommand.self, TokenCommand.self, PlansCommand.self, SeedCommand.self, DemoCommand.self,
            PartnerCommand.self, NetworkCommand.self, MigrateCommand.self, TopologyCommand.self, DeadLetterCommand.self, StatusCommand.self,
            KeysCommand.self, StaffCommand.self,
        ])
}
