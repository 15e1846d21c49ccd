/// Why the shelter service refused what it was asked; the routes turn each into a problem
/// (`Routes/BookingError+Problem.swift`), the reactions decide for themselves.
enum BookingError: Error, Equatable {
    /// No shelter has that id.
    case unknownShelter
    /// No booking has that id.
    case unknownBooking
    /// No free beds fit the request on every night asked for.
    case noBedFits
    /// The step is not allowed from where the booking stands.
    case illegal(BookingAction, from: BookingStatus)
}
