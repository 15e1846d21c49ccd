import Contracts
import Foundation
import Persistence
import ServiceKit
import Testing

@testable import Shelter

@Suite("The shelter core's domain errors, without HTTP")
struct LodgingTests {
    @Test func eachRefusalIsItsOwnDomainError() async throws {
        try await withShelter { shelter, _ in
            let lodging = shelter.lodging
            let nobody = UUID()
            await #expect(throws: BookingError.unknownShelter) { try await lodging.shelter(nobody) }
            await #expect(throws: BookingError.unknownBooking) { try await lodging.booking(nobody) }
            await #expect(throws: BookingError.unknownBooking) { try await lodging.apply(.confirm, to: nobody, reason: "test", now: Date()) }
            let night = CalendarDate(Date())
            let request = BedRequest(beds: 1, sex: .female, withChildren: false)
            let caseId = try await shelter.registerCase(needs: [])
            await #expect(throws: BookingError.noBedFits) {
                try await lodging.database.withTransaction { connection in
                    try await lodging.hold(request, caseId: caseId, from: night, to: night.adding(days: 2), now: Date(), on: connection)
                }
            }

            let shelterId = UUID()
            try await lodging.database.withTransaction { connection in
                try await lodging.register(
                    Shelter(
                        id: shelterId, name: "Dormitory South", kind: .dormitory, address: "Mira 2", confidentialAddress: false,
                        rooms: [.init(id: UUID(), name: "A", beds: 2, sex: .female, family: false)]),
                    on: connection)
            }
            #expect(try await lodging.shelter(shelterId).rooms.count == 1)
            let held = try await lodging.database.withTransaction { connection in
                try await lodging.hold(request, caseId: caseId, from: night, to: night.adding(days: 2), now: Date(), on: connection)
            }
            await #expect(throws: BookingError.illegal(.checkIn, from: .held)) {
                try await lodging.apply(.checkIn, to: held.id, reason: "test", now: Date())
            }
            #expect(try await lodging.apply(.confirm, to: held.id, reason: "test", now: Date()).status == .confirmed)
        }
    }

    @Test(arguments: [
        (BookingError.unknownShelter, 404, "urn:jardam:problem:not-found"), (.unknownBooking, 404, "urn:jardam:problem:not-found"),
        (.noBedFits, 409, "urn:jardam:problem:conflict"), (.illegal(.checkIn, from: .held), 409, "urn:jardam:problem:conflict"),
    ])
    func everyDomainErrorHasItsProblem(_ error: BookingError, _ status: Int, _ type: String) {
        #expect(Int(error.problem.status.code) == status && error.problem.type == type)
    }
}
