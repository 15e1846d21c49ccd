import Contracts
import Foundation
import Hummingbird
import ServiceKit

extension ShelterAPI {
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

    /// `GET /v1/availability` answers one line per shelter with fitting free beds.
    struct Availability: Codable, Sendable, Equatable {
        let shelterId: UUID
        let name: String
        let kind: ShelterKind
        let freeBeds: Int
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

    func addShelterRoutes(to router: Router<JardamRequestContext>) {
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
            let outcome = try await idempotency.run(for: request, caller: caller, body: bytes, database: database) { connection in
                try await shelters.insert(shelter, on: connection)
                return shelter.id
            }
            guard let stored = try await database.withConnection({ try await shelters.load(outcome.id, on: $0) }) else {
                throw Problem.notFound("shelter")
            }
            return outcome.created(stored)
        }

        router.get("/v1/shelters", allowing: [.shelterManager, .supervisor, .caseworker]) { request, _, caller in
            let page = try PageRequest(query: request.uri)
            let (items, next) = try await database.withConnection { try await shelters.list(cursor: page.cursor, limit: page.limit, on: $0) }
            return Page(items: items.map { Self.visible($0, to: caller) }, nextCursor: next.map(String.init))
        }

        router.get("/v1/shelters/:id", allowing: [.shelterManager, .supervisor, .caseworker]) { _, context, caller in
            let id = try context.pathID("shelter")
            guard let shelter = try await database.withConnection({ try await shelters.load(id, on: $0) }) else { throw Problem.notFound("shelter") }
            return Self.visible(shelter, to: caller)
        }

        router.get("/v1/availability", allowing: [.caseworker, .shelterManager]) { request, _, _ in
            let query = request.uri.queryParameters
            var rules = FieldValidation()
            let nights = Self.nights(from: query["from"].map(String.init), to: query["to"].map(String.init), rules: &rules)
            let sex = query["sex"].flatMap { rules.oneOf(String($0), GuestSex.self, "sex") } ?? .unknown
            let withChildren = query["withChildren"].map { $0 == "true" } ?? false
            try rules.finish()
            let (rooms, all) = try await database.withConnection { connection in
                (
                    try await shelters.freeRooms(from: nights!.from, to: nights!.to, on: connection),
                    try await shelters.list(cursor: nil, limit: 10_000, on: connection).shelters
                )
            }
            let free = BedChoice.freeBeds(among: rooms, for: BedRequest(beds: 1, sex: sex, withChildren: withChildren))
            let items = all.compactMap { shelter in
                free[shelter.id].map { Availability(shelterId: shelter.id, name: shelter.name, kind: shelter.kind, freeBeds: $0) }
            }.filter { $0.freeBeds > 0 }
            return Page(items: items, nextCursor: nil)
        }
    }

    /// The nights from `from` to the night before `to` (departure), checked: at most a year.
    static func nights(from: String?, to: String?, rules: inout FieldValidation) -> (from: CalendarDate, to: CalendarDate)? {
        let first = from.flatMap { CalendarDate(iso8601: $0) }
        let departure = to.flatMap { CalendarDate(iso8601: $0) }
        rules.check(first != nil, "from", "is required as YYYY-MM-DD")
        rules.check(departure != nil, "to", "is required as YYYY-MM-DD (the day of departure)")
        guard let first, let departure else { return nil }
        rules.check(first < departure, "to", "must be after from")
        rules.check(departure <= first.adding(days: 366), "to", "must be within a year of from")
        return first < departure ? (first, departure) : nil
    }
}

extension Shelter: ResponseEncodable {}
extension ShelterAPI.Availability: ResponseEncodable {}
