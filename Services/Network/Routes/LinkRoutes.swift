import Contracts
import Foundation
import Hummingbird
import ServiceKit

/// `/v1/network/links`: the cities this city is linked to (`jardamctl network link` declares one)
/// and how recently each was heard from.
struct LinkRoutes {
    let hub: NetworkHub

    /// `PUT /v1/network/links/{city}`.
    struct LinkRequest: Decodable, Sendable {
        /// Base64 of the city's X25519 transfer public key (32 bytes).
        let transferKey: String
    }

    /// A link as the API shows it.
    struct LinkView: ResponseEncodable, Sendable {
        let city: String
        let transferKey: String
        let linkedAt: Date
        let lastMessageAt: Date?
        let lastMessageAgeSeconds: Int?
        let messagesReceived: Int

        init(_ link: Link, now: Date) {
            city = link.city
            transferKey = link.transferKey.base64EncodedString()
            linkedAt = link.linkedAt
            lastMessageAt = link.lastMessageAt
            lastMessageAgeSeconds = link.lastMessageAge(at: now)
            messagesReceived = link.messagesReceived
        }
    }

    var collection: RouteCollection<JardamRequestContext> {
        let router = RouteCollection(context: JardamRequestContext.self)
        router.get("/v1/network/links", allowing: [.ops, .supervisor]) { _, _, _ in
            let now = Date()
            return Page(items: try await hub.allLinks().map { LinkView($0, now: now) }, nextCursor: nil)
        }

        router.put("/v1/network/links/:city", allowing: [.ops]) { request, context, _ in
            let city = context.parameters.get("city") ?? ""
            let body = try await request.decodeJSON(as: LinkRequest.self, context: context)
            var rules = FieldValidation()
            rules.check(CityName.isValid(city), "city", "must be a city's name: lower-case letters, digits and hyphens, starting with a letter")
            let key = Data(base64Encoded: body.transferKey)
            rules.check(key?.count == 32, "transferKey", "must be base64 of a 32-byte X25519 public key")
            try rules.finish()
            return LinkView(try await hub.link(city: city, transferKey: key!), now: Date())
        }
        return router
    }
}
