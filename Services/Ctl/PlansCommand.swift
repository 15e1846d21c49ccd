import ArgumentParser
import CityCalls
import Contracts
import Foundation
import ServiceKit

/// `jardamctl plans import FILE`: loads an insurer's CSV price list into medical-insurance.
struct PlansCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plans", abstract: "Insurance plans.", subcommands: [Import.self])

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import a CSV price list; any wrong row imports nothing, and every error is printed with its row.",
            discussion: "Columns: insurer,plan,annual_price,currency,coverage,regions,min_age,max_age,group_prices (see docs/operations.md).")

        @Argument(help: "The CSV file.")
        var file: String

        @Option(help: "medical-insurance's base URL (default: https://127.0.0.1:$MEDICAL_HTTP_PORT with TLS_CA_FILE, else http://; or :8084).")
        var url: String?

        func run() async throws {
            let environment = CtlEnvironment()
            guard let csv = FileManager.default.contents(atPath: file) else { throw ValidationError("cannot read \(file)") }
            let (secret, city, base): (String, String, URL)
            do {
                (secret, city) = (try environment.tokenSecret(), try environment.city())
                base =
                    try url.map { text in
                        guard let url = URL(string: text) else { throw ValidationError("--url is not a URL") }
                        return url
                    } ?? environment.baseURL(of: .medicalInsurance)
            } catch let error as CtlError {
                throw ValidationError(error.description)
            }
            let endpoint = base.appendingPathComponent("/v1/plans/import")
            let token = try await TokenAuthority(secret: secret, city: city).issue(
                subject: "jardamctl", roles: [.medicalDesk], lifetime: .seconds(300))
            let reply: CityHTTP.Reply
            do {
                reply = try await CityHTTP.send(
                    "POST", endpoint, headers: [("Content-Type", "text/csv"), ("Authorization", "Bearer \(token)")], body: csv,
                    trusting: environment.caFile())
            } catch {
                FileHandle.standardError.write(Data("jardamctl: medical-insurance does not answer at \(base.absoluteString)\n".utf8))
                throw ExitCode(1)
            }
            let (data, status) = (reply.body, reply.status)
            struct Report: Decodable { let imported: Int }
            struct Refusal: Decodable {
                struct FieldError: Decodable { let field: String; let message: String }
                let detail: String?
                let errors: [FieldError]?
            }
            if status == 201, let report = try? Wire.decode(Report.self, from: data) {
                print("imported \(report.imported) plan(s) from \(file)")
                return
            }
            let refusal = try? Wire.decode(Refusal.self, from: data)
            FileHandle.standardError.write(Data("jardamctl: \(file) was not imported (HTTP \(status)): \(refusal?.detail ?? "")\n".utf8))
            for error in refusal?.errors ?? [] {
                FileHandle.standardError.write(Data("  \(error.field): \(error.message)\n".utf8))
            }
            throw ExitCode(1)
        }
    }
}
