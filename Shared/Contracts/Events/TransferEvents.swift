import Foundation

/// A person record sealed to one city's transfer key with HPKE (RFC 9180, base mode):
/// DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-256-GCM; the transfer's id is the associated
/// data, so a sealed record opens only as the transfer it was sealed for.
public struct SealedPerson: Codable, Sendable, Equatable {
    /// `DHKEM(X25519,HKDF-SHA256)/HKDF-SHA256/AES-256-GCM`.
    public let suite: String
    /// The sender's encapsulated key (32 bytes), base64 on the wire.
    public let encapsulatedKey: Data
    /// The sealed record (its JSON), base64 on the wire.
    public let ciphertext: Data
    public init(suite: String, encapsulatedKey: Data, ciphertext: Data) {
        self.suite = suite; self.encapsulatedKey = encapsulatedKey; self.ciphertext = ciphertext
    }
}

/// What travels of a transferred case, besides its sealed person: no free text, no personal data.
public struct TransferredCase: Codable, Sendable, Equatable {
    public let needs: [Need]
    public let vulnerabilities: [Vulnerability]
    public let language: String
    public let priority: Priority
    /// The purposes the person consented to, carried to the receiving city.
    public let consents: [ConsentPurpose]
    public let sex: Sex
    public let ageBand: AgeBand
    public let citizenship: String
    public init(
        needs: [Need], vulnerabilities: [Vulnerability], language: String, priority: Priority, consents: [ConsentPurpose], sex: Sex,
        ageBand: AgeBand, citizenship: String
    ) {
        self.needs = needs; self.vulnerabilities = vulnerabilities; self.language = language; self.priority = priority
        self.consents = consents; self.sex = sex; self.ageBand = ageBand; self.citizenship = citizenship
    }
}

/// A caseworker asked to hand a case over to another city (`POST /v1/cases/{id}/transfers`):
/// intake tells its city's network service, which sends it to that city only.
public struct CaseTransferRequested: EventData {
    public static let type = "intake.case.transfer-requested.v1"
    public let transferId: UUID
    public let caseId: UUID
    public let fromCity: String
    public let toCity: String
    /// When the receiving city can no longer accept it.
    public let expiresAt: Date
    public let `case`: TransferredCase
    public let sealedPerson: SealedPerson
    public init(
        transferId: UUID, caseId: UUID, fromCity: String, toCity: String, expiresAt: Date, case: TransferredCase, sealedPerson: SealedPerson
    ) {
        self.transferId = transferId; self.caseId = caseId; self.fromCity = fromCity; self.toCity = toCity; self.expiresAt = expiresAt
        self.case = `case`; self.sealedPerson = sealedPerson
    }
}

/// A case handed over to `toCity` (CONTRACT.md §7): on `jardam.network` under the routing key
/// `network.case.transfer-requested.v1.<toCity>`, so that only that city's broker receives it;
/// that city's network service announces it on its `jardam.events` for its intake, which lists
/// it as pending.
public struct NetworkCaseTransferRequested: EventData {
    public static let type = "network.case.transfer-requested.v1"
    public let transferId: UUID
    public let fromCity: String
    public let toCity: String
    public let expiresAt: Date
    public let `case`: TransferredCase
    public let sealedPerson: SealedPerson
    public init(transferId: UUID, fromCity: String, toCity: String, expiresAt: Date, case: TransferredCase, sealedPerson: SealedPerson) {
        self.transferId = transferId; self.fromCity = fromCity; self.toCity = toCity; self.expiresAt = expiresAt; self.case = `case`
        self.sealedPerson = sealedPerson
    }

    /// The routing key on `jardam.network`: the type and the receiving city.
    public static func routingKey(to city: String) -> String { "\(type).\(city)" }
}

/// This city was linked to `city` (`jardamctl network link`): its network service tells intake
/// the city's transfer public key, to seal the persons it hands over there. On `jardam.events` only.
public struct NetworkLinkDeclared: EventData {
    public static let type = "network.link.declared.v1"
    public let city: String
    /// X25519 public key, 32 bytes, base64 on the wire.
    public let transferKey: Data
    public init(city: String, transferKey: Data) { self.city = city; self.transferKey = transferKey }
}

/// The receiving city's intake accepted a case handed over to it (its own new case is `caseId`)
/// or refused it (`rejection`): its network service tells the sending city.
public struct CaseTransferAnswered: EventData {
    public static let type = "intake.case.transfer-answered.v1"
    public let transferId: UUID
    public let fromCity: String
    public let toCity: String
    /// This city's case made from it, when accepted.
    public let caseId: UUID?
    /// Why it was refused; `nil` when accepted.
    public let rejection: TransferRejection?
    public init(transferId: UUID, fromCity: String, toCity: String, caseId: UUID?, rejection: TransferRejection?) {
        self.transferId = transferId; self.fromCity = fromCity; self.toCity = toCity; self.caseId = caseId; self.rejection = rejection
    }
}

/// The receiving city accepted the case (CONTRACT.md §7): the sending city's case becomes
/// `transferred` and its copy of the person is shredded. On `jardam.network` under
/// `network.case.transfer-accepted.v1.<fromCity>`, for the sending city only.
public struct NetworkCaseTransferAccepted: EventData {
    public static let type = "network.case.transfer-accepted.v1"
    public let transferId: UUID
    public let fromCity: String
    public let toCity: String
    public init(transferId: UUID, fromCity: String, toCity: String) { self.transferId = transferId; self.fromCity = fromCity; self.toCity = toCity }

    /// The routing key on `jardam.network`: the type and the sending city.
    public static func routingKey(to city: String) -> String { "\(type).\(city)" }
}

/// The receiving city refused the case, for `reason`: the sending city's case stays open. On
/// `jardam.network` under `network.case.transfer-rejected.v1.<fromCity>`.
public struct NetworkCaseTransferRejected: EventData {
    public static let type = "network.case.transfer-rejected.v1"
    public let transferId: UUID
    public let fromCity: String
    public let toCity: String
    public let reason: TransferRejection
    public init(transferId: UUID, fromCity: String, toCity: String, reason: TransferRejection) {
        self.transferId = transferId; self.fromCity = fromCity; self.toCity = toCity; self.reason = reason
    }

    /// The routing key on `jardam.network`: the type and the sending city.
    public static func routingKey(to city: String) -> String { "\(type).\(city)" }
}

/// The sending city's intake cancelled a case handed over and not answered yet: its `transfer`
/// consent was withdrawn, or the case closed or erased. Its network service tells the receiving city.
public struct CaseTransferCancelled: EventData {
    public static let type = "intake.case.transfer-cancelled.v1"
    public let transferId: UUID
    public let caseId: UUID
    public let fromCity: String
    public let toCity: String
    public init(transferId: UUID, caseId: UUID, fromCity: String, toCity: String) {
        self.transferId = transferId; self.caseId = caseId; self.fromCity = fromCity; self.toCity = toCity
    }
}

/// A handover this city asked for went unanswered past its expiry: the case stays open here
/// (its timeline says so). Only on this city's `jardam.events`; the receiving city expires its
/// copy by itself.
public struct CaseTransferExpired: EventData {
    public static let type = "intake.case.transfer-expired.v1"
    public let transferId: UUID
    public let caseId: UUID
    public let toCity: String
    public let expiresAt: Date
    public init(transferId: UUID, caseId: UUID, toCity: String, expiresAt: Date) {
        self.transferId = transferId; self.caseId = caseId; self.toCity = toCity; self.expiresAt = expiresAt
    }
}

/// A case handed over is cancelled by the sending city: the receiving city forgets it. On
/// `jardam.network` under `network.case.transfer-cancelled.v1.<toCity>`.
public struct NetworkCaseTransferCancelled: EventData {
    public static let type = "network.case.transfer-cancelled.v1"
    public let transferId: UUID
    public let fromCity: String
    public let toCity: String
    public init(transferId: UUID, fromCity: String, toCity: String) { self.transferId = transferId; self.fromCity = fromCity; self.toCity = toCity }

    /// The routing key on `jardam.network`: the type and the receiving city.
    public static func routingKey(to city: String) -> String { "\(type).\(city)" }
}
