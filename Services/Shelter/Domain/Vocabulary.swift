import Contracts

// The closed vocabularies only the shelter service uses (CONTRACT.md §4); the shared ones are in `Contracts`.

/// Who a room takes.
enum RoomSex: String, CaseIterable, Codable, Sendable {
    case female, male, mixed
}

/// Who asks for beds: one sex, or a mixed group (or not known: mixed rooms only).
enum GuestSex: String, CaseIterable, Codable, Sendable {
    case female, male, mixed, unknown

    /// Rooms of `sex` may take these guests.
    func fits(_ sex: RoomSex) -> Bool {
        switch self {
        case .female: sex == .female || sex == .mixed
        case .male: sex == .male || sex == .mixed
        case .mixed, .unknown: sex == .mixed
        }
    }

    /// The guests a person of `sex` is: one sex, or not known (mixed rooms only).
    init(_ sex: Sex) {
        switch sex {
        case .female: self = .female
        case .male: self = .male
        default: self = .unknown
        }
    }
}
