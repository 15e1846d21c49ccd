/// Where a booking stands.
enum BookingStatus: String, CaseIterable, Codable, Sendable {
    /// Beds held until `expiresAt`.
    case held, confirmed
    case checkedIn = "checked-in"
    case checkedOut = "checked-out"
    case cancelled
    /// The hold expired unconfirmed.
    case released

    /// Whether the booking still occupies its beds.
    var holdsBeds: Bool { [.held, .confirmed, .checkedIn].contains(self) }
}

/// What the shelter manager (and the expiry sweep) does to a booking.
enum BookingAction: String, CaseIterable, Sendable {
    case confirm
    case checkIn = "check-in"
    case checkOut = "check-out"
    case cancel
    /// The hold expired (the sweep only).
    case expire
}

/// held → confirmed → checked-in → checked-out; held or confirmed → cancelled; held → released.
enum BookingStateMachine {
    /// The status after `action`, or `nil` when it is illegal from `status` (a 409).
    static func next(after action: BookingAction, from status: BookingStatus) -> BookingStatus? {
        switch (action, status) {
        case (.confirm, .held): .confirmed
        case (.checkIn, .confirmed): .checkedIn
        case (.checkOut, .checkedIn): .checkedOut
        case (.cancel, .held), (.cancel, .confirmed): .cancelled
        case (.expire, .held): .released
        default: nil
        }
    }
}
