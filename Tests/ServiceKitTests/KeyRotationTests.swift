import Foundation
import Persistence
import ServiceKit
import TestSupport
import Testing

@Suite("A data key rotates while the service runs: every record opens after it, and the old key opens nothing")
struct KeyRotationTests {
    static let old = Data(repeating: 0x11, count: 32)
    static let new = Data(repeating: 0x22, count: 32)

    @Test func rotationRewrapsEveryPersonKeyUnderTheNewMasterKey() async throws {
        try await withVault(masterKey: Self.old) { _, schema, before in
            var sealed: [(ref: String, data: Data)] = []
            for number in 0..<30 {
                let ref = "person-\(number)"
                sealed.append((ref, try await before.createKey(for: ref).seal("name \(number)")))
            }
            let phoneHash = try await before.lookupHash("+7 999 123-45-67", .phone)
            // Some keys as a release before fingerprints wrapped them.
            try await before.keyStore.query("UPDATE \"\(schema)\".person_keys SET master_key_id = NULL WHERE person_ref LIKE 'person-1%'")

            // The service restarted with both keys: it reads old records and registers new ones
            // while the rotation runs, in batches of 7.
            let during = PersonalDataVault(masterKey: Self.new, previousKey: Self.old, keyStore: before.keyStore, schema: schema)
            async let rotated = during.rotate(batchSize: 7)
            let fresh = try await during.createKey(for: "registered-during").seal("new person")
            #expect(try await during.key(for: "person-3").open(sealed[3].data) == "name 3")
            #expect(try await rotated == 30)

            // Afterwards the new key alone opens everything, and lookups still find the same hashes.
            let after = PersonalDataVault(masterKey: Self.new, keyStore: before.keyStore, schema: schema)
            for (number, record) in sealed.enumerated() {
                #expect(try await after.key(for: record.ref).open(record.data) == "name \(number)")
            }
            #expect(try await after.key(for: "registered-during").open(fresh) == "new person")
            #expect(try await after.lookupHash("79991234567", .phone) == phoneHash)
            #expect(try await after.rotate() == 0, "nothing is left under the old key")

            // The old key opens nothing in the key store any more.
            let stale = PersonalDataVault(masterKey: Self.old, keyStore: before.keyStore, schema: schema)
            for record in sealed.prefix(3) {
                await #expect(throws: VaultError.undecryptable) { try await stale.key(for: record.ref) }
            }
            await #expect(throws: VaultError.undecryptable) { try await stale.lookupHash("79991234567", .phone) }
        }
    }
}
