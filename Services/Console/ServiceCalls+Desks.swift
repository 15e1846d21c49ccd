import ConsoleAccounts
import Contracts
import Hummingbird

/// Reads more than one desk shows, asked the same way everywhere.
extension ServiceCalls {
    /// A case's coverage today for every medical service, as `{label, covered}` rows; or, when
    /// medical-insurance refuses (no consent, no case), its problem in the reader's words.
    func coverage(ofCase caseId: String, as account: StaffAccount) async throws -> [String: Any] {
        let all = MedicalService.known.map(\.rawValue).joined(separator: ",")
        let reply = try await call("GET", .medicalInsurance, "/v1/coverage?caseId=\(caseId)&service=\(all)", as: account)
        guard reply.succeeded else { return ["coverageMessage": Self.problemWords(reply, in: account.language)] }
        let gaps = Set(reply.json["gaps"].items.compactMap(\.string))
        return [
            "coverage": MedicalService.known.map { service in
                ["label": Labels.label(service.rawValue, in: account.language), "covered": !gaps.contains(service.rawValue)]
            }
        ]
    }

    /// The id of a case's job-seeker profile, if it has one.
    func jobSeeker(ofCase caseId: String, as account: StaffAccount) async throws -> String? {
        try await call("GET", .laborExchange, "/v1/job-seekers?caseId=\(caseId)", as: account).json["items"].items.first?["id"].string
    }

    /// The vacancies the job seeker `seeker` matches, best first, each with its score and reasons.
    func matches(of seeker: String, as account: StaffAccount) async throws -> [[String: Any]] {
        try await call("GET", .laborExchange, "/v1/job-seekers/\(seeker)/matches", as: account).json["items"].items.map { match in
            var shown: [String: Any] = [
                "vacancyId": match["vacancyId"].string ?? "", "title": match["title"].string ?? "",
                "score": String(format: "%.2f", match["score"].number ?? 0),
                "reasons": match["reasons"].items.compactMap(\.string).joined(separator: "; "),
            ]
            if match["belowMinimumWage"].bool == true { shown["belowMinimumWage"] = true }
            return shown
        }
    }

    /// The ISCO-08 occupations as `{value, label}` choices.
    func occupationChoices(as account: StaffAccount) async throws -> [[String: String]] {
        try await call("GET", .laborExchange, "/v1/occupations", as: account).json["items"].items.map { occupation in
            ["value": occupation["code"].string ?? "", "label": "\(occupation["code"].string ?? "") \(occupation["title"].string ?? "")"]
        }
    }
}

extension ServiceCalls.Reply {
    /// The status a page answers a refused call with: the service's own 4xx, else 422.
    var refusalStatus: HTTPResponse.Status {
        (400..<500).contains(status) ? HTTPResponse.Status(code: status) : .unprocessableContent
    }
}
