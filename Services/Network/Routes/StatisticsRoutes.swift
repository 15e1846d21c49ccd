import Contracts
import Foundation
import Hummingbird
import ServiceKit

/// `/v1/network/statistics`: the network's weekly tables summed, and this city's publication.
struct StatisticsRoutes {
    let statistics: NetworkStatistics

    /// `POST /v1/network/statistics/publish`.
    struct PublishRequest: Decodable, Sendable {
        let week: String
    }

    /// What `GET /v1/network/statistics` answers.
    struct Summed: ResponseEncodable, Sendable {
        let from: String
        let to: String
        /// The city asked for; absent for every city.
        let city: String?
        /// How many weekly publications were summed.
        let publications: Int
        let tables: [String: StatisticsTable]
    }

    var collection: RouteCollection<JardamRequestContext> {
        let router = RouteCollection(context: JardamRequestContext.self)
        router.get("/v1/network/statistics", allowing: [.supervisor, .auditor]) { request, _, _ in
            let query = request.uri.queryParameters
            var rules = FieldValidation()
            let from = query["from"].flatMap { ISOWeek(String($0)) }
            rules.check(from != nil, "from", "must be an ISO week such as 2026-W48")
            let to = query["to"].flatMap { ISOWeek(String($0)) }
            rules.check(to != nil, "to", "must be an ISO week such as 2026-W48")
            if let from, let to { rules.check(from <= to, "to", "must not be before from") }
            let city = query["city"].map(String.init)
            if let city { rules.check(CityName.isValid(city), "city", "must be a city's name") }
            try rules.finish()
            let (tables, count) = try await statistics.sum(from: from!, to: to!, city: city)
            return Summed(from: from!.description, to: to!.description, city: city, publications: count, tables: tables)
        }

        router.post("/v1/network/statistics/publish", allowing: [.ops]) { request, context, _ in
            let body = try await request.decodeJSON(as: PublishRequest.self, context: context)
            var rules = FieldValidation()
            let week = ISOWeek(body.week)
            rules.check(week != nil, "week", "must be an ISO week such as 2026-W48")
            try rules.finish()
            return try await statistics.publish(week!, now: Date())
        }
        return router
    }
}

extension NetworkStatisticsPublished: ResponseEncodable {}
