import Contracts
import Foundation
import Testing

/// Every type of the catalogue, encoded as the services encode it, read by tools we did not
/// write: `scripts/check-events.py` (the CloudEvents Python SDK and jsonschema with format
/// checking, against `docs/asyncapi.yaml`). The demo journey checks the same on the live broker
/// for the types it produces; this covers all of them, optional fields filled.
@Suite("Events against their documented schemas, read by the CloudEvents SDK and jsonschema")
struct WireSchemaTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func everyCatalogueTypeAndPartnerFormValidatesAgainstDocsAsyncapi() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("jardam-wire-\(UUID().lowercased)")
        defer { try? FileManager.default.removeItem(at: directory) }
        var written: [String] = []
        func write(_ body: Data, id: UUID, exchange: String, routingKey: String) throws {
            let folder = directory.appendingPathComponent(exchange)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let file = folder.appendingPathComponent(routingKey)
            try body.write(to: file.appendingPathExtension("json"))
            try Data(routingKey.utf8).write(to: file.appendingPathExtension("key"))
            try Data(id.lowercased.utf8).write(to: file.appendingPathExtension("id"))
            written.append("\(exchange) \(routingKey)")
        }
        func encode<Payload: EventData>(_ type: Payload.Type) throws {
            let payload = try SampleDecoder.sample(of: type)
            let prefix = Payload.type.split(separator: ".")[0]
            let service = try #require(ServiceIdentity.allCases.first { $0.schema == prefix })
            let envelope = try EventEnvelope(payload, city: "moscow", service: service, subject: "case/\(UUID().lowercased)", causationID: UUID())
            if !EventCatalogue.networkOnly.contains(Payload.type) {
                try write(try envelope.encoded(), id: envelope.id, exchange: "jardam.events", routingKey: Payload.type)
            }
            if let key = EventCatalogue.onNetwork[Payload.type] {
                let routingKey = key.replacingOccurrences(of: "{toCity}", with: "yekaterinburg").replacingOccurrences(
                    of: "{fromCity}", with: "moscow")
                try write(try envelope.encoded(), id: envelope.id, exchange: "jardam.network", routingKey: routingKey)
            }
            if let visible = payload as? any PartnerVisible, let form = try visible.partnerForm() {
                try write(
                    try envelope.partnerEnvelope(with: form).encoded(), id: envelope.id, exchange: "jardam.partners",
                    routingKey: form.routingKey(for: Payload.type))
            }
        }
        for type in EventCatalogue.all { try encode(type) }
        let network = EventCatalogue.onNetwork.count
        #expect(
            network > 0
                && written.count == EventCatalogue.all.count - EventCatalogue.networkOnly.count + EventCatalogue.partnerVisible.count + network)

        let (status, output) = try Self.run(["python3", Self.root.appendingPathComponent("scripts/check-events.py").path, "files", directory.path])
        #expect(status == 0, "\(output)")
        #expect(output.contains("\(written.count) messages of \(written.count) channels read; 0 problems"), "\(output)")
    }

    static func run(_ arguments: [String]) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }
}
