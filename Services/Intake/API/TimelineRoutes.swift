import Foundation
import Hummingbird
import ServiceKit

extension IntakeAPI {
    func addTimelineRoutes(to router: Router<JardamRequestContext>) {
        router.get("/v1/cases/:id/timeline", allowing: [.caseworker, .supervisor]) { request, context, _ in
            let caseId = try context.pathID("case")
            let page = try PageRequest(query: request.uri)
            guard try await database.withConnection({ try await cases.load(caseId, on: $0) }) != nil else {
                throw Problem.notFound("case")
            }
            return try await timeline.list(caseId: caseId, page: page, database: database)
        }
    }
}
