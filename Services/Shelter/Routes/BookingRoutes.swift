import Contracts
import Foundation
import Hummingbird
import ServiceKit

/// `/v1/bookings` and `/v1/waitlist`: caseworkers hold beds for a case (or put it on the
/// waitlist), shelter managers take bookings through their steps.
struct BookingRoutes {
    let lodging: Lodging
    let idempotency: IdempotentCreation

    /// `POST /v1/bookings`.
    struct NewBooking: Decodable, Sendable {
        let caseId: UUID
        let from: String
        let to: String
        let beds: Int
        let sex: String
        let withChildren: Bool
        let kind: String?
        let shelterId: UUID?
        /// Join the waitlist when nothing fits, instead of a plain 409.
        let waitlist: Bool?
    }

    /// The 409 body of a request that joined the waitlist.
    struct Waitlisted: ResponseEncodable, Sendable {
        let waitlisted: Bool
        let position: Int
    }

    var collection: RouteCollection<JardamRequestContext> {
        let router = RouteCollection(context: JardamRequestContext.self)
        router.post("/v1/bookings", allowing: [.caseworker, .shelterManager]) { request, context, caller in
            let (body, bytes) = try await request.decodeJSONBody(as: NewBooking.self, context: context)
            var rules = FieldValidation()
            let nights = ShelterRoutes.nights(from: body.from, to: body.to, rules: &rules)
            rules.check((1...20).contains(body.beds), "beds", "must be from 1 to 20")
            let sex = rules.oneOf(body.sex, GuestSex.self, "sex")
            let kind = body.kind.flatMap { rules.oneOf($0, ShelterKind.self, "kind") }
            try rules.finish()
            let bedRequest = BedRequest(beds: body.beds, sex: sex!, withChildren: body.withChildren, kind: kind, shelterId: body.shelterId)
            let now = Date()
            let outcome: IdempotentCreation.Outcome
            do {
                outcome = try await idempotency.run(for: request, caller: caller, body: bytes, database: lodging.database) { connection in
                    try await lodging.hold(bedRequest, caseId: body.caseId, from: nights!.from, to: nights!.to, now: now, on: connection).id
                }
            } catch BookingError.noBedFits where body.waitlist == true {
                let position = try await lodging.wait(bedRequest, caseId: body.caseId, from: nights!.from, to: nights!.to, now: now)
                return try EditedResponse(status: .conflict, response: Waitlisted(waitlisted: true, position: position))
                    .response(from: request, context: context)
            }
            return try outcome.created(try await lodging.booking(outcome.id)).response(from: request, context: context)
        }

        router.get("/v1/bookings", allowing: [.caseworker, .shelterManager, .supervisor]) { request, _, _ in
            let query = request.uri.queryParameters
            var rules = FieldValidation()
            var caseId: UUID?
            if let text = query["caseId"] {
                caseId = UUID(uuidString: String(text))
                rules.check(caseId != nil, "caseId", "must be a UUID")
            }
            let status = query["status"].flatMap { rules.oneOf(String($0), BookingStatus.self, "status") }
            let page = rules.page(request.uri)
            try rules.finish()
            let (items, next) = try await lodging.bookings(caseId: caseId, status: status, cursor: page!.cursor, limit: page!.limit)
            return Page(items: items, nextCursor: next.map(String.init))
        }

        router.get("/v1/bookings/:id", allowing: [.caseworker, .shelterManager, .supervisor]) { _, context, _ in
            try await lodging.booking(try context.pathID("booking"))
        }

        for action in [BookingAction.confirm, .checkIn, .checkOut, .cancel] {
            router.post("/v1/bookings/:id/\(action.rawValue)", allowing: [.shelterManager]) { _, context, caller in
                try await lodging.apply(action, to: try context.pathID("booking"), reason: "cancelled by \(caller.subject)", now: Date())
            }
        }

        router.get("/v1/waitlist", allowing: [.shelterManager]) { _, _, _ in
            Page(items: try await lodging.waiting(), nextCursor: nil)
        }
        return router
    }
}

extension Booking: ResponseEncodable {}
extension WaitlistEntry: ResponseEncodable {}
