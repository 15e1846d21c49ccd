import Contracts
import Foundation
import Hummingbird
import Persistence
import ServiceKit

/// `/v1/cases` and their timelines: the desks open cases, caseworkers change and close them.
struct CaseRoutes {
    let registry: Registry
    let idempotency: IdempotentCreation

    // MARK: Request bodies

    /// `POST /v1/cases`.
    struct NewCase: Decodable, Sendable {
        let personId: UUID
        let channel: String
        let language: String
        let needs: [String]
        let vulnerabilities: [String]?
        let summary: String?
        /// Purposes the person consents to now (without expiry); more can follow by `POST .../consents`.
        let consents: [String]?
    }

    /// `PATCH /v1/cases/{id}`: only the fields present change.
    struct CaseChange: Decodable, Sendable {
        let needs: [String]?
        let vulnerabilities: [String]?
        let status: String?
    }

    /// The body of `PUT /v1/cases/{id}/assignee`: `me`, a staff subject, or `null` for nobody;
    /// the key is required, so that an empty body never lets go of a case.
    struct AssigneeChange: Decodable, Sendable {
        let assignee: String?

        private enum CodingKeys: String, CodingKey { case assignee }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            guard container.contains(.assignee) else {
                throw DecodingError.keyNotFound(
                    CodingKeys.assignee, .init(codingPath: [], debugDescription: "assignee is required: me, a staff subject, or null"))
            }
            assignee = try container.decodeIfPresent(String.self, forKey: .assignee)
        }
    }

    // MARK: Routes

    var collection: RouteCollection<JardamRequestContext> {
        let router = RouteCollection(context: JardamRequestContext.self)
        router.post("/v1/cases", allowing: [.operator, .caseworker]) { request, context, caller in
            let (body, bytes) = try await request.decodeJSONBody(as: NewCase.self, context: context)
            var rules = FieldValidation()
            let channel = rules.oneOf(body.channel, Channel.self, "channel")
            rules.languageTag(body.language, "language")
            let needs = rules.each(body.needs, Need.self, "needs")
            let vulnerabilities = rules.each(body.vulnerabilities ?? [], Vulnerability.self, "vulnerabilities")
            let purposes = rules.each(body.consents ?? [], ConsentPurpose.self, "consents")
            rules.text(body.summary, "summary", maxLength: 4000, required: false)
            try rules.finish()
            let access = try StaffAccess(caller: caller, request: request, context: context)
            var registered: CaseView?
            let outcome = try await idempotency.run(for: request, caller: caller, body: bytes, database: registry.database) { connection in
                let view = try await registry.register(
                    personId: body.personId, channel: channel!, language: body.language, needs: needs, vulnerabilities: vulnerabilities,
                    summary: body.summary, purposes: purposes, access: access, on: connection)
                registered = view
                return view.id
            }
            // A new case is shown as it was written; a replay shows the case as it is now.
            if !outcome.replayed, let registered { return outcome.created(registered) }
            return outcome.created(try await registry.caseView(outcome.id, access: nil))
        }

        router.get("/v1/cases", allowing: [.operator, .caseworker, .supervisor]) { request, _, caller in
            let query = request.uri.queryParameters
            var rules = FieldValidation()
            var filter = CaseFilter()
            filter.status = query["status"].flatMap { rules.oneOf(String($0), CaseStatus.self, "status") }
            filter.need = query["need"].flatMap { rules.oneOf(String($0), Need.self, "need") }
            filter.priority = query["priority"].flatMap { rules.oneOf(String($0), Priority.self, "priority") }
            if let language = query["language"] {
                rules.languageTag(String(language), "language")
                filter.language = String(language)
            }
            if let person = query["personId"] {
                filter.personId = UUID(uuidString: String(person))
                rules.check(filter.personId != nil, "personId", "must be a UUID")
            }
            // A blank assignee filters nothing, as an absent one.
            if let assignee = query["assignee"].map(String.init), !assignee.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                filter.assignee = assignee == "me" ? caller.subject : assignee
                rules.check(assignee.unicodeScalars.count <= 200, "assignee", "must be at most 200 characters")
            }
            let page = rules.page(request.uri)
            try rules.finish()
            return try await registry.cases(filter, page: page!)
        }

        router.get("/v1/cases/:id", allowing: [.operator, .caseworker, .supervisor]) { request, context, caller in
            // The hotline desk sees cases without personal data (CONTRACT.md §4): no summary.
            let readsSummary = !caller.roles.isDisjoint(with: [.caseworker, .supervisor])
            return try await registry.caseView(
                try context.pathID("case"), access: readsSummary ? StaffAccess(caller: caller, request: request, context: context) : nil)
        }

        router.patch("/v1/cases/:id", allowing: [.caseworker, .supervisor]) { request, context, caller in
            let id = try context.pathID("case")
            let change = try await request.decodeJSON(as: CaseChange.self, context: context)
            var rules = FieldValidation()
            let needs = change.needs.map { rules.each($0, Need.self, "needs") }
            let vulnerabilities = change.vulnerabilities.map { rules.each($0, Vulnerability.self, "vulnerabilities") }
            let status = change.status.flatMap { rules.oneOf($0, CaseStatus.self, "status") }
            if let status { rules.check([.open, .closed].contains(status), "status", "must be open or closed") }
            try rules.finish()
            return try await registry.change(id, needs: needs, vulnerabilities: vulnerabilities, status: status)
        }

        router.put("/v1/cases/:id/assignee", allowing: [.caseworker, .supervisor]) { request, context, caller in
            let id = try context.pathID("case")
            let body = try await request.decodeJSON(as: AssigneeChange.self, context: context)
            var rules = FieldValidation()
            if let assignee = body.assignee { rules.text(assignee, "assignee", maxLength: 200) }
            try rules.finish()
            return try await registry.assign(id, to: body.assignee == "me" ? caller.subject : body.assignee, by: caller)
        }

        router.get("/v1/cases/:id/timeline", allowing: [.caseworker, .supervisor]) { request, context, _ in
            let language = TimelineLanguage.asked(in: request.headers[.acceptLanguage])
            let page = try await registry.timeline(of: try context.pathID("case"), in: language, page: try PageRequest(query: request.uri))
            return EditedResponse(headers: [.contentLanguage: language.rawValue], response: page)
        }
        return router
    }
}

extension CaseView: ResponseEncodable {}
