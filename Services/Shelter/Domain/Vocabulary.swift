/// The closed vocabularies of the shelter service (CONTRACT.md §4).

/// Dormitories lodge newcomers looking for work; crisis shelters protect people escaping
/// violence or trafficking, and their address may be confidential.
enum ShelterKind: String, CaseIterable, Codable, Sendable {
    case dormitory, crisis
}

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
}
