import Contracts
import Foundation
import Hummingbird
import Persistence
import ServiceKit

/// `/v1/insurers` and `/v1/plans`: the medical desk keeps insurers and their plans (one by one
/// or as a CSV price list), caseworkers ask for the cheapest fitting plan.
struct PlanRoutes {
    let insurance: Insurance
    let idempotency: IdempotentCreation

    /// `POST /v1/insurers`.
    struct NewInsurer: Decodable, Sendable {
        let name: String
    }

    /// `POST /v1/insurers/{id}/plans`.
    struct NewPlan: Decodable, Sendable {
        let name: String
        let annualPrice: Money
        let coverage: [String]
        let regions: [String]
        let minAge: Int?
        let maxAge: Int?
        let groupPrices: [PlanOffer.GroupPrice]?
    }

    /// One recommended plan, its price already the group price.
    struct Recommendation: Codable, Sendable {
        let planId: UUID
        let name: String
        let insurerId: UUID
        let coverage: [MedicalService]
        let annualPrice: Money
    }

    /// What an import did.
    struct ImportReport: ResponseEncodable, Sendable {
        let imported: Int
        let planIds: [UUID]
    }

    var collection: RouteCollection<JardamRequestContext> {
        let router = RouteCollection(context: JardamRequestContext.self)
        router.post("/v1/insurers", allowing: [.medicalDesk, .supervisor]) { request, context, caller in
            let (body, bytes) = try await request.decodeJSONBody(as: NewInsurer.self, context: context)
            var rules = FieldValidation()
            rules.text(body.name, "name", maxLength: 200)
            try rules.finish()
            let outcome = try await idempotency.run(for: request, caller: caller, body: bytes, database: insurance.database) { connection in
                try await insurance.registerInsurer(named: body.name, on: connection).id
            }
            return outcome.created(Insurer(id: outcome.id, name: body.name))
        }

        router.get("/v1/insurers", allowing: [.medicalDesk, .supervisor]) { _, _, _ in
            Page(items: try await insurance.insurers(), nextCursor: nil)
        }

        router.post("/v1/insurers/:id/plans", allowing: [.medicalDesk]) { request, context, caller in
            let insurerId = try context.pathID("insurer")
            let (body, bytes) = try await request.decodeJSONBody(as: NewPlan.self, context: context)
            var rules = FieldValidation()
            rules.text(body.name, "name", maxLength: 200)
            rules.positive(body.annualPrice, "annualPrice")
            let coverage = rules.each(body.coverage, MedicalService.self, "coverage")
            rules.check(!body.coverage.isEmpty, "coverage", "must list at least one service")
            rules.check(!body.regions.isEmpty, "regions", "must list at least one region (* for everywhere)")
            if let minAge = body.minAge { rules.check((0...120).contains(minAge), "minAge", "must be from 0 to 120") }
            if let maxAge = body.maxAge {
                rules.check((0...120).contains(maxAge) && maxAge >= (body.minAge ?? 0), "maxAge", "must be from minAge to 120")
            }
            for (index, tier) in (body.groupPrices ?? []).enumerated() {
                rules.check(tier.minMembers > 1, "groupPrices[\(index)].minMembers", "must be more than 1")
                rules.positive(tier.annualPrice, "groupPrices[\(index)].annualPrice")
                rules.check(
                    tier.annualPrice.currency == body.annualPrice.currency, "groupPrices[\(index)].annualPrice.currency",
                    "must be the plan's currency")
            }
            try rules.finish()
            let plan = Plan(
                id: UUID(), insurerId: insurerId, name: body.name, annualPrice: body.annualPrice, coverage: coverage,
                regions: body.regions.map { $0.lowercased() }, minAge: body.minAge, maxAge: body.maxAge, groupPrices: body.groupPrices ?? [])
            let outcome = try await idempotency.run(for: request, caller: caller, body: bytes, database: insurance.database) { connection in
                try await insurance.add(plan, on: connection)
                return plan.id
            }
            return outcome.created(try await insurance.plan(outcome.id))
        }

        router.get("/v1/plans", allowing: [.medicalDesk, .caseworker, .supervisor]) { _, _, _ in
            Page(items: try await insurance.allPlans(), nextCursor: nil)
        }

        router.post("/v1/plans/import", allowing: [.medicalDesk]) { request, context, _ in
            let body = try await request.body.collect(upTo: context.maxUploadSize)
            let rows: [PriceListCSV.Row]
            switch PriceListCSV.parse(String(decoding: body.readableBytesView, as: UTF8.self)) {
            case .success(let parsed): rows = parsed
            case .failure(let failure): throw MedicalError.priceList(failure.errors)
            }
            let ids = try await insurance.importPlans(rows)
            return EditedResponse(status: .created, response: ImportReport(imported: ids.count, planIds: ids))
        }

        router.get("/v1/plans/recommendations", allowing: [.caseworker, .medicalDesk]) { request, _, _ in
            let query = request.uri.queryParameters
            var rules = FieldValidation()
            let asked = (query["services"].map(String.init) ?? "").split(separator: ",").map {
                String($0).trimmingCharacters(in: .whitespaces)
            }
            let services = rules.each(asked, MedicalService.self, "services")
            rules.check(!asked.isEmpty, "services", "is required: a comma-separated list such as emergency,maternity")
            let age = query["age"].map { Int(String($0)) }
            if let age { rules.check(age.map { (0...120).contains($0) } ?? false, "age", "must be from 0 to 120") }
            let members = query["members"].map { Int(String($0)) } ?? 1
            rules.check(members.map { (1...10_000_000).contains($0) } ?? false, "members", "must be a whole number from 1")
            try rules.finish()
            let ranked = try await insurance.recommendations(
                services: Set(services), region: query["region"].map(String.init), age: age ?? nil, members: members ?? 1)
            return Page(
                items: ranked.map {
                    Recommendation(
                        planId: $0.plan.planId, name: $0.plan.name, insurerId: $0.plan.insurerId,
                        coverage: MedicalService.known.filter($0.plan.coverage.contains), annualPrice: $0.price)
                },
                nextCursor: nil)
        }
        return router
    }
}

extension Insurer: ResponseEncodable {}
extension Plan: ResponseEncodable {}
