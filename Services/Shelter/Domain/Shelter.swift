import Contracts
import Foundation

/// A shelter with its rooms; `address` is `nil` where the caller may not see it.
struct Shelter: Codable, Sendable, Equatable {
    struct Room: Codable, Sendable, Equatable {
        let id: UUID
        let name: String
        let beds: Int
        let sex: RoomSex
        let family: Bool
    }

    let id: UUID
    let name: String
    let kind: ShelterKind
    var address: String?
    let confidentialAddress: Bool
    let rooms: [Room]
}
