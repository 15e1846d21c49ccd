import Contracts
import Foundation
import Hummingbird
import ServiceKit

extension LaborAPI {
    /// `POST /v1/job-seekers`.
    struct NewSeeker: Decodable, Sendable {
        let caseId: UUID
        let occupations: [String]
        let languages: [String]
        /// Monthly.
        let desiredWage: Money?
        let city: String
    }

    /// One match as the API shows it.
    struct MatchView: Codable, Sendable {
        let vacancyId: UUID
        let title: String
        let employerId: UUID
        let score: Double
        let reasons: [String]
        let belowMinimumWage: Bool
    }

    func addSeekerRoutes(to router: Router<JardamRequestContext>) {
        router.post("/v1/job-seekers", allowing: [.employmentOfficer, .caseworker]) { request, context, caller in
            let (body, bytes) = try await request.decodeJSONBody(as: NewSeeker.self, context: context)
            var rules = FieldValidation()
            rules.check(!body.occupations.isEmpty, "occupations", "must list at least one ISCO-08 code")
            for (index, code) in body.occupations.enumerated() {
                rules.check(Occupations.isKnown(code), "occupations[\(index)]", "must be an ISCO-08 unit group of the reference list")
            }
            for (index, language) in body.languages.enumerated() { rules.languageTag(language, "languages[\(index)]") }
            rules.text(body.city, "city", maxLength: 100)
            try rules.finish()
            let outcome = try await idempotency.run(for: request, caller: caller, body: bytes, database: database) { connection in
                guard let known = try await cases.load(body.caseId, on: connection) else {
                    throw Problem.validation([.init(field: "caseId", message: "is not a case intake has announced")])
                }
                guard known.consents.contains(Need.employment.consentPurpose) else {
                    throw Problem.conflict("the case has no consent for employment")
                }
                guard try await placements.seeker(caseId: body.caseId, on: connection) == nil else {
                    throw Problem.conflict("the case already has a job-seeker profile")
                }
                let seeker = JobSeeker(
                    id: UUID(), caseId: body.caseId, occupations: body.occupations, languages: body.languages, desiredWage: body.desiredWage,
                    city: body.city)
                try await placements.insert(seeker, on: connection)
                // The best three are proposed on the case's timeline.
                for match in try await matches(for: seeker, limit: 3, on: connection) {
                    try await outbox.append(
                        MatchProposed(caseId: body.caseId, vacancyId: match.vacancyId, score: match.score), subject: "case/\(body.caseId.lowercased)",
                        on: connection)
                }
                return seeker.id
            }
            guard let seeker = try await database.withConnection({ try await placements.seeker(outcome.id, on: $0) }) else {
                throw Problem.notFound("job seeker")
            }
            return outcome.created(seeker)
        }

        router.get("/v1/job-seekers/:id/matches", allowing: [.employmentOfficer, .caseworker]) { request, context, _ in
            let id = try context.pathID("job seeker")
            var rules = FieldValidation()
            let page = rules.page(request.uri)
            try rules.finish()
            return try await database.withConnection { connection in
                guard let seeker = try await placements.seeker(id, on: connection) else { throw Problem.notFound("job seeker") }
                let ranked = try await matches(for: seeker, limit: page!.limit, on: connection)
                let titles = try await vacancies.titles(of: ranked.map(\.vacancyId), on: connection)
                let items = ranked.compactMap { match in
                    titles[match.vacancyId].map {
                        MatchView(
                            vacancyId: match.vacancyId, title: $0.title, employerId: $0.employerId, score: match.score, reasons: match.reasons,
                            belowMinimumWage: match.belowMinimumWage)
                    }
                }
                return Page(items: items, nextCursor: nil)
            }
        }
    }
}

extension JobSeeker: ResponseEncodable {}
