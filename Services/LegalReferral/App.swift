import Configuration
import Foundation
import ServiceKit

/// The legal-referral service of one city: partners, referrals, employer complaints and flags.
@main
struct LegalReferralApp {
    static func main() async {
        let migrations = ServiceRunner.bundledMigrations(Bundle.module.url(forResource: "Migrations", withExtension: nil), of: .legalReferral)
        // JARDAM_ESCALATION_HOURS: how long a proposal waits for the partner's answer (default 24).
        let text = ConfigReader(provider: EnvironmentVariablesProvider()).string(forKey: ConfigKey(["jardam", "escalation", "hours"]))
        let hours: Double? = if let text { Double(text) } else { 24 }
        guard let hours, hours > 0 else {
            FileHandle.standardError.write(Data("legal-referral: configuration error: JARDAM_ESCALATION_HOURS must be a positive number\n".utf8))
            exit(2)
        }
        let escalateAfter = Duration.seconds(hours * 3600)
        await ServiceRunner.run(
            .legalReferral, migrations: migrations, openAPI: Bundle.module.url(forResource: "openapi", withExtension: "json"),
            routes: { router, environment in LegalAPI(environment: environment, escalateAfter: escalateAfter).addRoutes(to: router) },
            events: { environment in LegalAPI(environment: environment, escalateAfter: escalateAfter).eventHandlers },
            workers: { environment in
                let api = LegalAPI(environment: environment, escalateAfter: escalateAfter)
                return [
                    PeriodicTask(name: "referral-escalation", every: .seconds(60), logger: environment.logger) {
                        _ = try await api.escalate(now: Date())
                    }
                ]
            })
    }
}
