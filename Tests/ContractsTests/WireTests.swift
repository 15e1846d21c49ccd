import Contracts
import Foundation
import Testing

@Suite("The wire form: RFC 3339 times, lowercase UUIDs, one encoder")
struct WireTests {
    @Test(arguments: [
        (0.0, "1970-01-01T00:00:00.000Z"), (1_795_428_000.123_9, "2026-11-23T10:00:00.123Z"),
        (-0.5, "1969-12-31T23:59:59.500Z"), (951_782_400, "2000-02-29T00:00:00.000Z"), (-2_208_988_800, "1900-01-01T00:00:00.000Z"),
    ])
    func instantsAreWrittenInUTCToTheMillisecond(_ seconds: Double, _ text: String) {
        #expect(RFC3339.string(from: Date(timeIntervalSince1970: seconds)) == text)
        #expect(RFC3339.date(from: text) == RFC3339.truncated(Date(timeIntervalSince1970: seconds)))
    }

    @Test func whatIsWrittenReadsBackAsTheSameInstantToTheBit() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let date = Date(timeIntervalSince1970: Double.random(in: -2_208_988_800...7_258_118_400, using: &generator))
            let text = RFC3339.string(from: date)
            #expect(RFC3339.date(from: text) == RFC3339.truncated(date), "\(text)")
            #expect(RFC3339.string(from: RFC3339.truncated(date)) == text)
        }
    }

    @Test(arguments: [
        ("2026-11-23T10:00:00Z", 1_795_428_000.0), ("2026-11-23T13:00:00+03:00", 1_795_428_000), ("2026-11-23t10:00:00z", 1_795_428_000),
        ("2026-11-23T10:00:00.5Z", 1_795_428_000.5), ("2026-11-23T04:30:00.250-05:30", 1_795_428_000.25),
        ("2026-11-23T10:00:00.123456789Z", 1_795_428_000.123_456_789),
    ])
    func anyRFC3339FormIsRead(_ text: String, _ seconds: Double) throws {
        let date = try #require(RFC3339.date(from: text))
        #expect(abs(date.timeIntervalSince1970 - seconds) < 0.000_001)
    }

    @Test(arguments: [
        "2026-11-23", "2026-11-23T10:00:00", "2026-11-23 10:00:00Z", "2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z",
        "2026-11-23T24:00:00Z", "2026-11-23T10:60:00Z", "2026-11-23T10:00:00.Z", "2026-11-23T10:00:00Zx", "2026-11-23T10:00:00+0300",
        "", "1795428000", "２０２６-11-23T10:00:00Z",
    ])
    func anythingElseIsRefused(_ text: String) {
        #expect(RFC3339.date(from: text) == nil)
    }

    struct Sample: Codable, Equatable {
        var id: UUID
        var ids: [UUID]
        var nested: [String: UUID]
        var at: Date
        var day: CalendarDate
        var text: String
    }

    @Test func uuidsAreWrittenLowercaseWhereverTheyAreAndReadInAnyCase() throws {
        let id = UUID(uuidString: "0B8E2F4A-6C1D-4E5F-8A9B-1C2D3E4F5A6B")!
        let sample = Sample(
            id: id, ids: [id, id], nested: ["case": id], at: Date(timeIntervalSince1970: 1_795_428_000.5),
            day: CalendarDate(year: 2026, month: 11, day: 23)!, text: "ABCDEFAB-ABCD-ABCD-ABCD-ABCDEFABCDEF is free text \"0B8E2F4A\"")
        let text = String(decoding: try Wire.encode(sample), as: UTF8.self)
        #expect(!text.contains("0B8E2F4A-6C1D"), "\(text)")
        #expect(text.components(separatedBy: "0b8e2f4a-6c1d-4e5f-8a9b-1c2d3e4f5a6b").count == 5)
        #expect(text.contains(#""at":"2026-11-23T10:00:00.500Z""#) && text.contains(#""day":"2026-11-23""#))
        #expect(text.contains("ABCDEFAB-ABCD-ABCD-ABCD-ABCDEFABCDEF is free text"), "a UUID inside free text is the text's own business")
        #expect(try Wire.decode(Sample.self, from: Data(text.utf8)) == sample)
        let upper = text.replacingOccurrences(of: "0b8e2f4a-6c1d-4e5f-8a9b-1c2d3e4f5a6b", with: id.uuidString)
        #expect(try Wire.decode(Sample.self, from: Data(upper.utf8)) == sample, "input in any case is accepted")
    }

    @Test func anInstantThatIsNotRFC3339IsADecodingError() {
        #expect(throws: DecodingError.self) { try Wire.decode([String: Date].self, from: Data(#"{"at": 820454400}"#.utf8)) }
        #expect(throws: DecodingError.self) { try Wire.decode([String: Date].self, from: Data(#"{"at": "23.11.2026"}"#.utf8)) }
    }
}

@Suite("The shared vocabulary")
struct VocabularyTests {
    static let all: [any Vocabulary.Type] = [
        AgeBand.self, CaseStatus.self, Channel.self, ComplaintKind.self, ConsentPurpose.self, HotlineTopic.self, LegalIssue.self,
        MedicalService.self, Need.self, PartnerKind.self, Priority.self, ReferralOutcome.self, Sex.self, ShelterKind.self,
        TransferRejection.self, Vulnerability.self, WagePeriod.self,
    ]

    @Test func everyVocabularyOfContractsIsTested() throws {
        let folder = WireSchemaTests.root.appendingPathComponent("Shared/Contracts/Vocabulary")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0 != "Vocabulary.swift" }
        #expect(Set(files.map { String($0.dropLast(".swift".count)) }) == Set(Self.all.map { String(describing: $0) }))
    }

    @Test(arguments: all.map { ObjectIdentifier($0) })
    func aValueANewerProducerAddedIsCarriedInEventsAndRefusedFromStaff(_ identifier: ObjectIdentifier) throws {
        let type = try #require(Self.all.first { ObjectIdentifier($0) == identifier })
        try roundTrip(type)
    }

    private func roundTrip<V: Vocabulary>(_ type: V.Type) throws {
        let unknown = Data(#"["\#(V.known[0].rawValue)", "added-by-a-newer-release"]"#.utf8)
        let read = try Wire.decode([V].self, from: unknown)
        #expect(read == [V.known[0], V(rawValue: "added-by-a-newer-release")])
        #expect(!read[1].isKnown && read[0].isKnown)
        #expect(try Wire.encode(read) == Data(#"["\#(V.known[0].rawValue)","added-by-a-newer-release"]"#.utf8), "carried as it came")
        #expect(Set(V.known).count == V.known.count && V.known.allSatisfy(\.isKnown))
        let refusal = #expect(throws: DecodingError.self) { try Wire.decode([V].self, from: unknown, vocabulary: .closed) }
        guard case .dataCorrupted(let context) = refusal else {
            Issue.record("\(String(describing: refusal))")
            return
        }
        #expect(context.debugDescription == "expected one of \(V.known.map(\.rawValue).joined(separator: ", "))")
        #expect(try Wire.decode([V].self, from: Data(#"["\#(V.known.last!.rawValue)"]"#.utf8), vocabulary: .closed) == [V.known.last!])
    }
}
