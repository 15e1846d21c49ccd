/// Why medical-insurance refused what it was asked; the routes turn each into a problem
/// (`Routes/MedicalError+Problem.swift`).
enum MedicalError: Error, Equatable {
    /// An insurer of that name exists.
    case insurerExists
    /// No insurer has the id asked for.
    case insurerNotFound
    /// The insurer already has a plan of that name.
    case planExists
    /// No plan has the id asked for.
    case planNotFound
    /// The policy's plan (`planId`) does not exist.
    case unknownPlan
    /// No policy has the id asked for.
    case policyNotFound
    /// A price list with errors, each with its row; nothing was imported.
    case priceList([PriceListCSV.RowError])
}
