import Contracts
import Foundation
import Testing

@Suite("CloudEvents envelope")
struct EventEnvelopeTests {
    static let caseID = UUID(uuidString: "0B8E2F4A-6C1D-4E5F-8A9B-1C2D3E4F5A6B")!

    @Test func anEventRoundTripsWithEveryAttribute() throws {
        let data = CaseRegistered(
            caseId: Self.caseID, personRef: "p-7f3a", channel: .hotline, language: "ky", sex: .female,
            ageBand: .from25To34, citizenship: "KG", needs: [.housing, .legal], vulnerabilities: [.withChildren], priority: .high)
        let causation = UUID()
        let envelope = try EventEnvelope(
            data, city: "moscow", service: .intake, subject: "case/\(Self.caseID)", causationID: causation,
            traceparent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
        let decoded = try EventEnvelope.decode(try envelope.encoded())
        #expect(decoded.type == "intake.case.registered.v1")
        #expect(decoded.source == "jardam://moscow/intake")
        #expect(decoded.subject == "case/\(Self.caseID)")
        #expect(decoded.correlationID == envelope.id, "a new chain starts with the event itself")
        #expect(decoded.causationID == causation)
        #expect(decoded == envelope, "the envelope is its wire form: time to the millisecond, data as its bytes")
        #expect(try decoded.decodeData(as: CaseRegistered.self) == data)
    }

    @Test func theBodyCarriesLowercaseIdsAndRFC3339TimesAndDataAsEncodedOnce() throws {
        let expires = Date(timeIntervalSince1970: 820_454_400)
        let envelope = try EventEnvelope(
            ConsentChanged(caseId: Self.caseID, purpose: .housing, granted: true, expiresAt: expires, caseVersion: 2), city: "moscow",
            service: .intake,
            subject: "case/\(Self.caseID.lowercased)", causationID: Self.caseID)
        let body = String(decoding: try envelope.encoded(), as: UTF8.self)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
        #expect(object["id"] as? String == envelope.id.lowercased && object["correlationid"] as? String == envelope.id.lowercased)
        #expect(object["causationid"] as? String == Self.caseID.lowercased)
        let data = try #require(object["data"] as? [String: Any])
        #expect(data["caseId"] as? String == Self.caseID.lowercased && data["expiresAt"] as? String == "1996-01-01T00:00:00.000Z")
        #expect(body.hasSuffix(#","data":"# + String(decoding: envelope.data, as: UTF8.self) + "}"), "data is spliced in as encoded")
        let uuids = body.ranges(of: /[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}/).map { body[$0] }
        #expect(uuids.count == 5 && uuids.allSatisfy { $0 == $0.lowercased() }, "\(body)")
    }

    @Test func dataIsKeptAsTheBytesItCameIn() throws {
        let data =
            #"{ "note": "} { \" ] [", "list": [1, {"a": null}], "deep": [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]] }"#
        let body =
            #"  {"specversion": "1.0", "id": "0b8e2f4a-6c1d-4e5f-8a9b-1c2d3e4f5a6b", "type": "t", "source": "s", "time": "2026-11-23T10:00:00Z", "d\u0061ta": "#
            + data + #", "x-extension": 7}  "#
        let envelope = try EventEnvelope.decode(Data(body.utf8))
        #expect(envelope.data == Data(data.utf8))
        #expect(envelope.id == Self.caseID && envelope.time == Date(timeIntervalSince1970: 1_795_428_000))
        let dataless = try EventEnvelope.decode(
            Data(#"{"specversion":"1.0","id":"0B8E2F4A-6C1D-4E5F-8A9B-1C2D3E4F5A6B","type":"t","source":"s","time":"2026-11-23T10:00:00Z"}"#.utf8))
        #expect(dataless.data == Data("null".utf8) && dataless.id == Self.caseID)
    }

    @Test func theWireFormHasTheCloudEventsAttributeNames() throws {
        let envelope = try EventEnvelope(PersonErased(personRef: "p-1", cases: []), city: "orenburg", service: .intake)
        let object = try #require(try JSONSerialization.jsonObject(with: envelope.encoded()) as? [String: Any])
        #expect(object["specversion"] as? String == "1.0")
        #expect(object["datacontenttype"] as? String == "application/json")
        #expect(object["correlationid"] != nil)
        #expect((object["time"] as? String)?.hasSuffix("Z") == true)
        #expect(
            Set(object.keys).isSubset(of: [
                "specversion", "id", "type", "source", "subject", "time", "datacontenttype", "correlationid", "causationid", "traceparent", "data",
            ]))
    }

    @Test(arguments: [
        ("{\"specversion\": \"1.0\", \"id\": ", "not JSON"),
        (
            #"{"specversion": "0.3", "id": "0B8E2F4A-6C1D-4E5F-8A9B-1C2D3E4F5A6B", "type": "t", "source": "s", "time": "2026-11-23T10:00:00Z"}"#,
            "specversion 0.3 is not 1.0"
        ),
        (#"{"specversion": "1.0", "type": "t", "source": "s", "time": "2026-11-23T10:00:00Z"}"#, "missing attribute id"),
        (#"[1, 2]"#, "not a JSON object"),
        (
            #"{"specversion": "1.0", "id": "0B8E2F4A-6C1D-4E5F-8A9B-1C2D3E4F5A6B", "type": 7, "source": "s", "time": "2026-11-23T10:00:00Z"}"#,
            "attribute type has the wrong type"
        ),
        (
            #"{"specversion": "1.0", "id": "0B8E2F4A-6C1D-4E5F-8A9B-1C2D3E4F5A6B", "type": "t", "source": "s", "time": 820454400}"#,
            "attribute time has the wrong type"
        ),
        (
            #"{"specversion": "1.0", "id": "0B8E2F4A-6C1D-4E5F-8A9B-1C2D3E4F5A6B", "type": "t", "source": "s", "time": "23.11.2026"}"#,
            "attribute time has an invalid value"
        ),
        (
            #"{"specversion": "1.0", "id": "0B8E2F4A", "type": "t", "source": "s", "time": "2026-11-23T10:00:00Z"}"#,
            "attribute id has an invalid value"
        ),
        (#"{"specversion": "1.0", "data": {"a": [1, 2}, "id": "0B8E2F4A-6C1D-4E5F-8A9B-1C2D3E4F5A6B"}"#, "not JSON"),
        (#"{"specversion": "1.0"} trailing"#, "not JSON"),
        (#"{"specversion": "1.0", "note": "unterminated}"#, "not JSON"),
        (#"{"specversion" "1.0"}"#, "not JSON"),
        (#""#, "not JSON"),
        (#""a string""#, "not a JSON object"),
    ])
    func aBodyThatIsNotACloudEventSaysWhy(_ body: String, _ reason: String) {
        let error = #expect(throws: EventEnvelopeError.self) { try EventEnvelope.decode(Data(body.utf8)) }
        #expect(error?.reason == reason)
    }

    @Test func dataIsNotReadAsAnotherType() throws {
        let envelope = try EventEnvelope(PersonErased(personRef: "p-1", cases: []), city: "moscow", service: .intake)
        #expect(throws: EventEnvelopeError.self) { try envelope.decodeData(as: CaseUpdated.self) }
    }

    @Test func moneyTravelsAsADecimalStringWithTwoPlaces() throws {
        let data = try JSONEncoder().encode(Money(amount: Decimal(string: "15000")!, currency: "RUB"))
        #expect(String(decoding: data, as: UTF8.self).contains(#""amount":"15000.00""#))
        let read = try JSONDecoder().decode(Money.self, from: Data(#"{"amount": "34.5", "currency": "USD"}"#.utf8))
        #expect(read == Money(amount: Decimal(string: "34.5")!, currency: "USD"))
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(Money.self, from: Data(#"{"amount": 34.5, "currency": "USD"}"#.utf8))
        }
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(Money.self, from: Data(#"{"amount": "34.50", "currency": "usd"}"#.utf8))
        }
    }

    @Test(arguments: [
        ("15000.00", true), ("0", true), ("-20.5", true), ("0.5", true), ("999999999999999.99", true), ("-0", true),
        ("1000000000000000", false), ("007", false), ("01.5", false), ("1.", false), (".5", false), ("1.234", false),
        ("1e3", false), ("1,000", false), ("--1", false), ("-", false), ("", false), (" 1", false), ("1 ", false), ("١٢", false),
    ])
    func anAmountIsReadAsThePatternTheDocumentsGive(_ text: String, _ accepted: Bool) throws {
        #expect(Money.isAmount(text) == accepted)
        // The same pattern by a reader we did not write (Foundation's ICU regular expressions).
        let pattern = try NSRegularExpression(pattern: #"^-?(0|[1-9][0-9]{0,14})(\.[0-9]{1,2})?$"#)
        let matched = pattern.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
        #expect(matched == accepted)
    }

    @Test(arguments: ["2026-02-29", "2026-13-01", "2026-1-01", "26-01-01", "2026-01-01T00:00:00Z", ""])
    func impossibleOrMisshapenDatesAreRefused(_ text: String) {
        #expect(CalendarDate(iso8601: text) == nil)
    }

    @Test func leapDaysAndOrderingAreRight() throws {
        let leap = try #require(CalendarDate(iso8601: "2028-02-29"))
        #expect(leap.description == "2028-02-29")
        #expect(CalendarDate(year: 2026, month: 11, day: 23)! < CalendarDate(year: 2026, month: 12, day: 1)!)
    }
}

@Suite("The event catalogue")
struct EventCatalogueTests {
    @Test func everyTypeIsUniqueVersionedAndNamedForItsService() {
        let names = EventCatalogue.all.map { $0.type }
        #expect(Set(names).count == names.count)
        for name in names {
            #expect(
                name.range(of: #"^(intake|legal|shelter|medical|labor|network)\.[a-z-]+\.[a-z-]+\.v[0-9]+$"#, options: .regularExpression) != nil,
                "\(name)")
            #expect(EventCatalogue.dataType(named: name)?.type == name)
        }
        #expect(EventCatalogue.dataType(named: "intake.case.deleted.v1") == nil)
    }

    @Test func theContractsMinimumCatalogueIsPresent() {
        let required = [
            "intake.case.registered.v1", "intake.case.updated.v1", "intake.consent.changed.v1", "intake.person.erased.v1",
            "intake.hotline.call-logged.v1", "legal.referral.proposed.v1", "legal.referral.accepted.v1",
            "legal.referral.declined.v1", "legal.referral.resolved.v1", "legal.referral.withdrawn.v1",
            "legal.employer.flagged.v1", "legal.employer.cleared.v1", "shelter.booking.held.v1",
            "shelter.booking.confirmed.v1", "shelter.booking.released.v1", "shelter.booking.checked-in.v1",
            "shelter.booking.checked-out.v1", "shelter.waitlist.joined.v1", "shelter.occupancy.changed.v1",
            "medical.coverage.checked.v1", "medical.plan.recommended.v1", "medical.policy.expiring.v1",
            "labor.vacancy.published.v1", "labor.vacancy.suspended.v1", "labor.match.proposed.v1",
            "labor.placement.started.v1", "labor.placement.follow-up-recorded.v1", "labor.wage-arrears.reported.v1",
        ]
        let names = Set(EventCatalogue.all.map { $0.type })
        for name in required { #expect(names.contains(name), "\(name) is missing") }
    }

    @Test func docsAsyncapiDocumentsExactlyTheRegistryOnBothExchanges() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let document = try String(contentsOf: root.appendingPathComponent("docs/asyncapi.yaml"), encoding: .utf8)
        let channelsSection = try #require(document.components(separatedBy: "\nchannels:\n").last?.components(separatedBy: "\ncomponents:\n").first)
        let documented = Set(
            channelsSection.split(separator: "\n").filter { $0.hasPrefix("  ") && !$0.hasPrefix("   ") && $0.hasSuffix(":") }
                .map { String($0.dropFirst(2).dropLast()) })
        let events = EventCatalogue.all.map { $0.type }.filter { !EventCatalogue.networkOnly.contains($0) }
        let partners = EventCatalogue.partnerVisible.map { "jardam.partners/\($0.type)" + ($0.addressedToOnePartner ? ".{partnerId}" : "") }
        // The network service's events travel on jardam.network too (CONTRACT.md §7).
        let network = EventCatalogue.onNetwork.values.map { "jardam.network/\($0)" }
        let all = events + partners + network
        #expect(
            documented == Set(all),
            "missing: \(Set(all).subtracting(documented).sorted()); not in the registry: \(documented.subtracting(all).sorted())"
        )
        for channel in network {
            let block = try #require(channelsSection.components(separatedBy: "\n  \(channel):\n").last?.components(separatedBy: "\n  jardam.").first)
            #expect(block.contains("name: jardam.network"), "\(channel) is bound to jardam.network")
        }
        for channel in partners {
            let block = try #require(channelsSection.components(separatedBy: "\n  \(channel):\n").last?.components(separatedBy: "\n  jardam.").first)
            #expect(block.contains("name: jardam.partners"), "\(channel) is bound to jardam.partners")
        }
    }

    @Test func docsAsyncapiSchemasHaveExactlyTheFieldsAndFormatsOfEachDataType() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let schemas = AsyncAPISchemas.parse(try String(contentsOf: root.appendingPathComponent("docs/asyncapi.yaml"), encoding: .utf8))
        func check<T: Decodable>(_ type: T.Type) throws {
            let name = String(describing: type)
            let documented = try #require(schemas[name], "docs/asyncapi.yaml has no schema \(name)")
            let declared = try KeyProbe.keys(of: type)
            #expect(documented == declared, "\(name): documented \(documented), in Contracts \(declared)")
        }
        for type in EventCatalogue.all { try check(type) }
        try check(ReferralFacts.self)
        try check(BookingFacts.self)
        try check(PartnerReferral.self)
        try check(PartnerEmployerFlag.self)
    }

    @Test func partnerFormsCarryNoPersonReferenceAndReferralsGoToTheirPartnerOnly() throws {
        let partner = UUID()
        let facts = ReferralFacts(referralId: UUID(), caseId: UUID(), partnerId: partner, issue: .unpaidWages, language: "ky")
        let resolved = ReferralResolved(referral: facts, outcome: .wagesRecovered, recovered: Money(amount: 1000, currency: "RUB"))
        let form = try #require(try resolved.partnerForm())
        #expect(form.routingKey(for: ReferralResolved.type) == "legal.referral.resolved.v1.\(partner.lowercased)")
        #expect(
            try JSONDecoder().decode(JSONValue.self, from: form.data)
                == .object([
                    "referralId": .string(facts.referralId.lowercased), "caseId": .string(facts.caseId.lowercased), "issue": "unpaid-wages",
                    "language": "ky", "outcome": "wages-recovered", "recovered": .object(["amount": "1000.00", "currency": "RUB"]),
                ]))
        let envelope = try EventEnvelope(resolved, city: "moscow", service: .legalReferral, subject: "case/\(facts.caseId.lowercased)")
        let projected = envelope.partnerEnvelope(with: form)
        #expect(projected.id == envelope.id && projected.type == envelope.type && projected.time == envelope.time && projected.subject == nil)
        #expect(projected.data == form.data)

        let unrouted = ReferralProposed(referral: ReferralFacts(referralId: UUID(), caseId: UUID(), partnerId: nil, issue: .other, language: "ru"))
        #expect(try unrouted.partnerForm() == nil, "an unrouted referral reaches no partner")
        let cleared = try #require(try EmployerCleared(taxId: "7701234567", reason: "a name written by a supervisor", evidenceCount: 3).partnerForm())
        #expect(cleared.routingKey(for: EmployerCleared.type) == EmployerCleared.type)
        #expect(!String(decoding: cleared.data, as: UTF8.self).contains("supervisor"), "free text stays behind")
        #expect(!EventCatalogue.partnerVisible.contains { $0.type.hasPrefix("intake.case.") }, "cases never reach partners")
    }
}

@Suite("Subscriptions")
struct SubscriptionTests {
    @Test func everyCatalogueTypeExceptPartnerOnesHasAConsumer() {
        let patterns = ServiceIdentity.allCases.flatMap { $0.subscriptions + $0.networkSubscriptions(city: "moscow") }
        // AMQP topic matching: `*` is exactly one word, `#` zero or more.
        func matches(_ pattern: ArraySlice<Substring>, _ words: ArraySlice<Substring>) -> Bool {
            guard let head = pattern.first else { return words.isEmpty }
            if head == "#" {
                return (0...words.count).contains { matches(pattern.dropFirst(), words.dropFirst($0)) }
            }
            guard let word = words.first, head == "*" || head == word else { return false }
            return matches(pattern.dropFirst(), words.dropFirst())
        }
        func matches(_ pattern: String, _ type: String) -> Bool {
            matches(ArraySlice(pattern.split(separator: ".")), ArraySlice(type.split(separator: ".")))
        }
        #expect(!matches("legal.referral.*", "legal.referral.proposed.v1"), "a star is one word")
        // Read only by partners or statistics (CONTRACT.md §5), not by another service.
        // And what only its own service's timeline reads back (intake's timeline records what
        // intake emits as it emits it).
        let partnerOnly: Set = [
            HotlineCallLogged.type, OccupancyChanged.type, VacancyPublished.type, VacancySuspended.type, CaseTransferExpired.type,
        ]
        for type in EventCatalogue.all.map({ $0.type }) where !partnerOnly.contains(type) {
            #expect(patterns.contains { matches($0, type) }, "nobody consumes \(type)")
        }
    }
}
