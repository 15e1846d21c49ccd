import Contracts
import Crypto
import Foundation

/// Seals a person record for another city and opens one sealed for this city (CONTRACT.md §7):
/// HPKE (RFC 9180) in base mode with DHKEM(X25519, HKDF-SHA256), HKDF-SHA256 and AES-256-GCM, the
/// transfer's id as associated data, so that a record opens only as the transfer it was sealed for.
public enum TransferSeal {
    /// The suite's name as ``SealedPerson/suite`` carries it.
    public static let suite = "DHKEM(X25519,HKDF-SHA256)/HKDF-SHA256/AES-256-GCM"
    private static let ciphersuite = HPKE.Ciphersuite(kem: .Curve25519_HKDF_SHA256, kdf: .HKDF_SHA256, aead: .AES_GCM_256)
    private static let info = Data("jardam transfer v1".utf8)

    /// Why a record could not be sealed or opened; says nothing of the record.
    public struct Failure: Error, CustomStringConvertible, Equatable {
        public let description: String
    }

    /// `record` sealed to the city whose transfer public key is `publicKey` (32 bytes), for the
    /// transfer `transferId`.
    public static func seal(_ record: Data, to publicKey: Data, transfer transferId: UUID) throws -> SealedPerson {
        let recipient: Curve25519.KeyAgreement.PublicKey
        do {
            recipient = try Curve25519.KeyAgreement.PublicKey(rawRepresentation: publicKey)
        } catch {
            throw Failure(description: "the receiving city's transfer key is not an X25519 public key")
        }
        var sender = try HPKE.Sender(recipientKey: recipient, ciphersuite: ciphersuite, info: info)
        let ciphertext = try sender.seal(record, authenticating: associatedData(transferId))
        return SealedPerson(suite: suite, encapsulatedKey: sender.encapsulatedKey, ciphertext: ciphertext)
    }

    /// The record in `sealed`, opened with this city's transfer private key (32 bytes); throws
    /// when it was sealed to another key, for another transfer, or altered.
    public static func open(_ sealed: SealedPerson, with privateKey: Data, transfer transferId: UUID) throws -> Data {
        guard sealed.suite == suite else { throw Failure(description: "the record is sealed with \(sealed.suite), not \(suite)") }
        do {
            let key = try Curve25519.KeyAgreement.PrivateKey(rawRepresentation: privateKey)
            var recipient = try HPKE.Recipient(privateKey: key, ciphersuite: ciphersuite, info: info, encapsulatedKey: sealed.encapsulatedKey)
            return try recipient.open(sealed.ciphertext, authenticating: associatedData(transferId))
        } catch {
            throw Failure(description: "the record does not open with this city's transfer key for this transfer")
        }
    }

    /// The public half of a transfer private key (32 bytes), to give the other cities.
    public static func publicKey(of privateKey: Data) throws -> Data {
        try Curve25519.KeyAgreement.PrivateKey(rawRepresentation: privateKey).publicKey.rawRepresentation
    }

    private static func associatedData(_ transferId: UUID) -> Data {
        withUnsafeBytes(of: transferId.uuid) { Data($0) }
    }
}
