import Contracts
import Foundation
import Hummingbird
import ServiceKit

/// `/v1/shelters` and `/v1/availability`: shelter managers register shelters, caseworkers find
/// free beds; confidential addresses are shown to managers and supervisors only.
struct ShelterRoutes {
    let lodging: Lodging
    let idempotency: IdempotentCreation

    /// `POST /v1/shelters`.
    struct NewShelter: Decodable, Sendable {
        struct NewRoom: Decodable, Sendable {
            let name: String
            let beds: Int
            let sex: String
            let family: Bool
        }

        let name: String
        let kind: String
        let address: String
        let confidentialAddress: Bool
        let rooms: [NewRoom]
    }

    /// Shelter managers and supervisors see confidential addresses; nobody else does.
    static func seesAddresses(_ caller: StaffIdentity) -> Bool {
        !caller.roles.isDisjoint(with: [.shelterManager, .supervisor])
    }

    /// `shelter` as `caller` may see it.
    static func visible(_ shelter: Shelter, to caller: StaffIdentity) -> Shelter {
        var shelter = shelter
        if shelter.confidentialAddress && !seesAddresses(caller) { shelter.address = nil }
        return shelter
    }

    var collection: RouteCollection<JardamRequestContext> {
        let router = RouteCollection(context: JardamRequestContext.self)
        router.post("/v1/shelters", allowing: [.shelterManager, .supervisor]) { request, context, caller in
            let (body, bytes) = try await request.decodeJSONBody(as: NewShelter.self, context: context)
            var rules = FieldValidation()
            rules.text(body.name, "name", maxLength: 200)
            let kind = rules.oneOf(body.kind, ShelterKind.self, "kind")
            rules.text(body.address, "address", maxLength: 500)
            rules.check(!body.rooms.isEmpty && body.rooms.count <= 500, "rooms", "must list 1 to 500 rooms")
            var rooms: [Shelter.Room] = []
            for (index, room) in body.rooms.enumerated() {
                rules.text(room.name, "rooms[\(index)].name", maxLength: 100)
                rules.check((1...200).contains(room.beds), "rooms[\(index)].beds", "must be from 1 to 200")
                if let sex = rules.oneOf(room.sex, RoomSex.self, "rooms[\(index)].sex") {
                    rooms.append(.init(id: UUID(), name: room.name, beds: room.beds, sex: sex, family: room.family))
                }
            }
            rules.check(Set(body.rooms.map(\.name)).count == body.rooms.count, "rooms", "room names must differ")
            try rules.finish()
            let shelter = Shelter(
                id: UUID(), name: body.name, kind: kind!, address: body.address, confidentialAddress: body.confidentialAddress, rooms: rooms)
            let outcome = try await idempotency.run(for: request, caller: caller, body: bytes, database: lodging.database) { connection in
                try await lodging.register(shelter, on: connection)
                return shelter.id
            }
            return outcome.created(try await lodging.shelter(outcome.id))
        }

        router.get("/v1/shelters", allowing: [.shelterManager, .supervisor, .caseworker]) { request, _, caller in
            let page = try PageRequest(query: request.uri)
            let (items, next) = try await lodging.shelters(cursor: page.cursor, limit: page.limit)
            return Page(items: items.map { Self.visible($0, to: caller) }, nextCursor: next.map(String.init))
        }

        router.get("/v1/shelters/:id", allowing: [.shelterManager, .supervisor, .caseworker]) { _, context, caller in
            Self.visible(try await lodging.shelter(try context.pathID("shelter")), to: caller)
        }

        router.get("/v1/availability", allowing: [.caseworker, .shelterManager]) { request, _, _ in
            let query = request.uri.queryParameters
            var rules = FieldValidation()
            let nights = Self.nights(from: query["from"].map(String.init), to: query["to"].map(String.init), rules: &rules)
            let sex = query["sex"].flatMap { rules.oneOf(String($0), GuestSex.self, "sex") } ?? .unknown
            let withChildren = rules.flag(request.uri, "withChildren") ?? false
            try rules.finish()
            let items = try await lodging.availability(from: nights!.from, to: nights!.to, sex: sex, withChildren: withChildren)
            return Page(items: items, nextCursor: nil)
        }
        return router
    }

    /// The nights from `from` to the night before `to` (departure), checked: at most a year.
    static func nights(from: String?, to: String?, rules: inout FieldValidation) -> (from: CalendarDate, to: CalendarDate)? {
        let first = rules.day(from, "from")
        let departure = rules.day(to, "to", hint: " (the day of departure)")
        guard let first, let departure else { return nil }
        rules.check(first < departure, "to", "must be after from")
        rules.check(departure <= first.adding(days: 366), "to", "must be within a year of from")
        return first < departure ? (first, departure) : nil
    }
}

extension Shelter: ResponseEncodable {}
extension Availability: ResponseEncodable {}
