import Contracts
import Foundation
import Hummingbird
import ServiceKit

/// `/v1/employers`, `/v1/vacancies` and `/v1/occupations`: employment officers vet employers
/// and post their vacancies.
struct EmployerRoutes {
    let exchange: Exchange
    let idempotency: IdempotentCreation

    /// `POST /v1/employers`.
    struct NewEmployer: Decodable, Sendable {
        let taxId: String
        let name: String
        let city: String
    }

    /// `POST /v1/vacancies`.
    struct NewVacancy: Decodable, Sendable {
        struct Wage: Decodable, Sendable {
            let amount: String
            let currency: String
            let period: String
        }

        let employerId: UUID
        let occupation: String
        let title: String
        let city: String
        let wage: Wage
        let positions: Int
        let housingProvided: Bool
        let languages: [String]
    }

    var collection: RouteCollection<JardamRequestContext> {
        let router = RouteCollection(context: JardamRequestContext.self)
        router.post("/v1/employers", allowing: [.employmentOfficer]) { request, context, caller in
            let (body, bytes) = try await request.decodeJSONBody(as: NewEmployer.self, context: context)
            var rules = FieldValidation()
            rules.check(
                [10, 12].contains(body.taxId.count) && body.taxId.allSatisfy { $0.isASCII && $0.isNumber }, "taxId",
                "must be an INN of 10 or 12 digits")
            rules.text(body.name, "name", maxLength: 200)
            rules.text(body.city, "city", maxLength: 100)
            try rules.finish()
            let outcome = try await idempotency.run(for: request, caller: caller, body: bytes, database: exchange.database) { connection in
                try await exchange.registerEmployer(taxId: body.taxId, name: body.name, city: body.city, on: connection)
            }
            return outcome.created(try await exchange.employer(outcome.id))
        }

        router.get("/v1/employers", allowing: [.employmentOfficer]) { request, _, _ in
            let page = try PageRequest(query: request.uri)
            let (items, next) = try await exchange.employers(cursor: page.cursor, limit: page.limit)
            return Page(items: items, nextCursor: next.map(String.init))
        }

        router.post("/v1/vacancies", allowing: [.employmentOfficer]) { request, context, caller in
            let (body, bytes) = try await request.decodeJSONBody(as: NewVacancy.self, context: context)
            var rules = FieldValidation()
            rules.check(
                Occupations.isKnown(body.occupation), "occupation", "must be an ISCO-08 unit group of the reference list (GET /v1/occupations)")
            rules.text(body.title, "title", maxLength: 200)
            rules.text(body.city, "city", maxLength: 100)
            let amount = Decimal(string: body.wage.amount, locale: Locale(identifier: "en_US_POSIX"))
            rules.check(
                amount.map { $0 > 0 } ?? false && Money.isAmount(body.wage.amount),
                "wage.amount", "must be a positive decimal string such as \"60000.00\"")
            rules.check(
                body.wage.currency.count == 3 && body.wage.currency.allSatisfy { $0.isASCII && $0.isUppercase }, "wage.currency",
                "must be an ISO 4217 code")
            let period = rules.oneOf(body.wage.period, WagePeriod.self, "wage.period")
            rules.check((1...10_000).contains(body.positions), "positions", "must be from 1 to 10000")
            for (index, language) in body.languages.enumerated() { rules.languageTag(language, "languages[\(index)]") }
            try rules.finish()
            let vacancy = Vacancy(
                id: UUID(), employerId: body.employerId, occupation: body.occupation, title: body.title, city: body.city,
                wage: Money(amount: amount!, currency: body.wage.currency), wagePeriod: period!,
                monthlyWage: Money(amount: period!.monthly(amount!), currency: body.wage.currency), positions: body.positions,
                housingProvided: body.housingProvided, languages: body.languages, status: .open)
            let outcome = try await idempotency.run(for: request, caller: caller, body: bytes, database: exchange.database) { connection in
                try await exchange.publish(vacancy, on: connection)
                return vacancy.id
            }
            return outcome.created(try await exchange.vacancy(outcome.id))
        }

        router.get("/v1/vacancies", allowing: [.employmentOfficer, .caseworker]) { request, _, _ in
            let query = request.uri.queryParameters
            var rules = FieldValidation()
            var employerId: UUID?
            if let text = query["employerId"] {
                employerId = UUID(uuidString: String(text))
                rules.check(employerId != nil, "employerId", "must be a UUID")
            }
            let openOnly = rules.flag(request.uri, "open")
            let page = rules.page(request.uri)
            try rules.finish()
            let (items, next) = try await exchange.vacancies(
                employerId: employerId, openOnly: openOnly ?? false, cursor: page!.cursor, limit: page!.limit)
            return Page(items: items, nextCursor: next.map(String.init))
        }

        router.get("/v1/occupations", allowing: Set(Role.allCases)) { _, _, _ in
            Page(items: Occupations.titles.sorted { $0.key < $1.key }.map { Occupation(code: $0.key, title: $0.value) }, nextCursor: nil)
        }
        return router
    }

    /// One ISCO-08 unit group of the reference list.
    struct Occupation: Codable, Sendable {
        let code: String
        let title: String
    }
}

extension Employer: ResponseEncodable {}
extension Vacancy: ResponseEncodable {}
