import Contracts
import Foundation
import Hummingbird
import ServiceKit

/// `/v1/statistics/appeals`: supervisors and auditors count appeals, small cells suppressed.
struct StatisticsRoutes {
    let aid: LegalAid

    var collection: RouteCollection<JardamRequestContext> {
        let router = RouteCollection(context: JardamRequestContext.self)
        router.get("/v1/statistics/appeals", allowing: [.supervisor, .auditor]) { request, _, _ in
            var rules = FieldValidation()
            let period = rules.period(request.uri)
            try rules.finish()
            return try await aid.appealStatistics(from: period!.from, to: period!.to)
        }
        return router
    }
}

extension AppealStatistics: ResponseEncodable {}
