import Foundation
import Logging
import Testing

@testable import ServiceKit

@Suite("Logs are JSON lines")
struct JSONLogHandlerTests {
    @Test func oneEventIsOneParsableLineWithDottedMetadata() throws {
        let line = JSONLogHandler.line(
            time: Date(timeIntervalSince1970: 0), level: .warning, label: "shelter",
            message: "hold \"expired\"\nreleased", metadata: ["case.id": "42", "booking.nights": "14"])
        #expect(line.hasSuffix("}\n"))
        #expect(line.dropLast().contains("\n") == false)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String])
        #expect(object["level"] == "warning")
        #expect(object["logger"] == "shelter")
        #expect(object["message"] == "hold \"expired\"\nreleased")
        #expect(object["case.id"] == "42")
        #expect(object["time"] == "1970-01-01T00:00:00.000Z")
    }
}
