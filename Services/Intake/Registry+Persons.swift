import Contracts
import Foundation
import Persistence
import ServiceKit

extension Registry {
    /// Stores a new person, sealed, in the caller's transaction, and audits it.
    func create(_ person: Person, access: StaffAccess, on connection: PostgresConnection) async throws -> UUID {
        let id = UUID()
        try await persons.insert(person, id: id, by: access.caller.subject, on: connection)
        try await audit.record(
            "create", subject: Self.subject(id), reason: access.reason, by: access.caller, requestID: access.requestID, on: connection)
        return id
    }

    /// The persons on record who may be the same human as `person`, found before anything is
    /// stored (the names compared are audited, as at registration); nothing is kept of `person`.
    func possibleDuplicates(of person: Person, access: StaffAccess) async throws -> [PersonView.Duplicate] {
        try await database.withTransaction { connection in
            try await persons.duplicates(of: person, excluding: UUID(), access: access, audit: audit, on: connection)
        }.map { PersonView.Duplicate(id: $0.id, reason: $0.reasons[0], reasons: $0.reasons) }
    }

    /// Opens and returns the record of `id`, auditing the read in the same transaction; with
    /// `withDuplicates`, the persons who may be the same human too.
    func person(_ id: UUID, access: StaffAccess, withDuplicates: Bool) async throws -> PersonView {
        try await database.withTransaction { connection in
            guard case .present(_, let person, let createdAt, let mergedInto) = try await persons.load(id, on: connection) else {
                throw IntakeError.personNotFound
            }
            try await audit.record(
                "read", subject: Self.subject(id), reason: access.reason, by: access.caller, requestID: access.requestID, on: connection)
            let duplicates =
                withDuplicates
                ? try await persons.duplicates(of: person, excluding: id, access: access, audit: audit, on: connection) : nil
            return PersonView(id: id, person: person, createdAt: createdAt, mergedInto: mergedInto, duplicates: duplicates)
        }
    }

    /// Erases the person `id` and those merged into it: their data made unreadable, their cases
    /// `erased` (summaries dropped), each erasure audited and announced. Erasing twice changes
    /// nothing and announces nothing.
    func erase(_ id: UUID, access: StaffAccess) async throws {
        try await database.withTransaction { connection in
            switch try await persons.load(id, lock: true, on: connection) {
            case nil: throw IntakeError.personNotFound
            case .erased: return
            case .present:
                // A merged record is the same human: it goes with the record it was merged into.
                for erased in [id] + (try await persons.mergedInto(id, on: connection)) {
                    try await persons.erase(erased, on: connection)
                    let erasedCases = try await cases.erase(casesOf: erased, on: connection)
                    for erasedCase in erasedCases { try await cancelTransfer(of: erasedCase.caseId, on: connection) }
                    try await audit.record(
                        "erase", subject: Self.subject(erased), reason: access.reason, by: access.caller, requestID: access.requestID, on: connection)
                    try await emit(
                        PersonErased(personRef: PersonStore.ref(of: erased), cases: erasedCases), subject: Self.subject(erased), on: connection)
                }
            }
        }
    }

    /// Merges the record `id` into `target` (the same human recorded twice), audited and
    /// announced; returns the target.
    func merge(_ id: UUID, into target: UUID, access: StaffAccess) async throws -> PersonView {
        guard target != id else { throw IntakeError.mergeIntoItself }
        try await database.withTransaction { connection in
            // Lock both in id order, so that two opposite merges cannot deadlock.
            let ordered = [id, target].sorted { $0.uuidString < $1.uuidString }
            var records: [UUID: PersonRecord] = [:]
            for each in ordered { records[each] = try await persons.load(each, lock: true, on: connection) }
            guard case .present(_, _, _, let sourceMerged) = records[id] else { throw IntakeError.personNotFound }
            guard case .present(_, _, _, let targetMerged) = records[target] else { throw IntakeError.unknownMergeTarget }
            if let sourceMerged { throw IntakeError.alreadyMerged(into: sourceMerged) }
            if let targetMerged { throw IntakeError.targetMerged(into: targetMerged) }
            try await persons.merge(id, into: target, on: connection)
            try await audit.record(
                "merge", subject: Self.subject(id), reason: access.reason, by: access.caller, requestID: access.requestID, on: connection)
            try await emit(
                PersonMerged(personRef: PersonStore.ref(of: id), intoPersonRef: PersonStore.ref(of: target)), subject: Self.subject(id),
                on: connection)
        }
        return try await person(target, access: access, withDuplicates: false)
    }
}
