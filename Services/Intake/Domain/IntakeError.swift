import Contracts
import Foundation

/// Why intake refused what it was asked; the routes turn each into a problem
/// (`Routes/IntakeError+Problem.swift`).
enum IntakeError: Error, Equatable {
    /// No person has the id asked for (or it was erased).
    case personNotFound
    /// The person a case names (`personId`) is not on record.
    case unknownPerson
    /// The person a case names was erased.
    case erasedPerson
    /// The person a case names was merged into another: use that one.
    case mergedPerson(into: UUID)
    /// A person cannot be merged into themselves.
    case mergeIntoItself
    /// The person to merge into (`intoId`) is not on record.
    case unknownMergeTarget
    /// The person was already merged into another.
    case alreadyMerged(into: UUID)
    /// The person to merge into was itself merged into another.
    case targetMerged(into: UUID)
    /// No case has the id asked for.
    case caseNotFound
    /// The case a call names (`caseId`) is not on record.
    case unknownCase
    /// The case is closed and can no longer change.
    case caseClosed
    /// The caller may not give the case to that member of staff (``CaseAssignment``).
    case assignmentRefused
    /// The case is erased or transferred: nothing about it changes any more.
    case caseNotOpen(CaseStatus)
    /// The case is closed: consent can only be withdrawn.
    case consentOnClosedCase
    /// No consent change has the id asked for.
    case consentNotFound
    /// No hotline call has the id asked for.
    case callNotFound
    /// A case is handed over to another city, not to this one.
    case transferToThisCity
    /// The city a case is to be handed over to (`toCity`) is not linked to this one.
    case cityNotLinked(String)
    /// The case already waits for another city's answer.
    case transferPending
    /// No transfer handed over to this city has the id asked for.
    case transferNotFound
    /// The transfer was answered, or expired, already.
    case transferNotPending(String)
    /// This city has no transfer key (`JARDAM_TRANSFER_KEY`), or the person does not open with it.
    case transferUnopenable
    /// The person handed over breaks this city's rules for a person (these fields): the
    /// caseworker rejects the transfer.
    case transferBreaksRules([String])
}
