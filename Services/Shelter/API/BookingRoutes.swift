import Contracts
import Foundation
import Hummingbird
import ServiceKit

extension ShelterAPI {
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

    func addBookingRoutes(to router: Router<JardamRequestContext>) {
        router.post("/v1/bookings", allowing: [.caseworker, .shelterManager]) { request, context, caller in
            let (body, bytes) = try await request.decodeJSONBody(as: NewBooking.self, context: context)
            var rules = FieldValidation()
            let nights = Self.nights(from: body.from, to: body.to, rules: &rules)
            rules.check((1...20).contains(body.beds), "beds", "must be from 1 to 20")
            let sex = rules.oneOf(body.sex, GuestSex.self, "sex")
            let kind = body.kind.flatMap { rules.oneOf($0, ShelterKind.self, "kind") }
            try rules.finish()
            let bedRequest = BedRequest(beds: body.beds, sex: sex!, withChildren: body.withChildren, kind: kind, shelterId: body.shelterId)
            let now = Date()
            let outcome: IdempotentCreation.Outcome
            do {
                outcome = try await idempotency.run(for: request, caller: caller, body: bytes, database: database) { connection in
                    guard let booking = try await hold(bedRequest, caseId: body.caseId, from: nights!.from, to: nights!.to, now: now, on: connection)
                    else {
                        throw NoBedsFit()
                    }
                    return booking.id
                }
            } catch is NoBedsFit {
                guard body.waitlist == true else { throw Problem.conflict("no beds fit on every night asked for") }
                let position = try await database.withTransaction { connection in
                    try await wait(bedRequest, caseId: body.caseId, from: nights!.from, to: nights!.to, now: now, on: connection)
                }
                return try EditedResponse(status: .conflict, response: Waitlisted(waitlisted: true, position: position))
                    .response(from: request, context: context)
            }
            guard let booking = try await database.withConnection({ try await bookings.load(outcome.id, on: $0) }) else {
                throw Problem.notFound("booking")
            }
            return try outcome.created(booking).response(from: request, context: context)
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
            let (items, next) = try await bookings.list(caseId: caseId, status: status, cursor: page!.cursor, limit: page!.limit, database: database)
            return Page(items: items, nextCursor: next.map(String.init))
        }

        router.get("/v1/bookings/:id", allowing: [.caseworker, .shelterManager, .supervisor]) { _, context, _ in
            let id = try context.pathID("booking")
            guard let booking = try await database.withConnection({ try await bookings.load(id, on: $0) }) else { throw Problem.notFound("booking") }
            return booking
        }

        for action in [BookingAction.confirm, .checkIn, .checkOut, .cancel] {
            router.post("/v1/bookings/:id/\(action.rawValue)", allowing: [.shelterManager]) { _, context, caller in
                let id = try context.pathID("booking")
                return try await database.withTransaction { connection in
                    try await apply(action, to: id, reason: "cancelled by \(caller.subject)", now: Date(), on: connection)
                }
            }
        }

        router.get("/v1/waitlist", allowing: [.shelterManager]) { _, _, _ in
            Page(items: try await database.withConnection { try await waitlist.all(on: $0) }, nextCursor: nil)
        }
    }
}

/// Nothing fits: the creating transaction ends without a booking.
struct NoBedsFit: Error {}

extension Booking: ResponseEncodable {}
extension WaitlistEntry: ResponseEncodable {}
