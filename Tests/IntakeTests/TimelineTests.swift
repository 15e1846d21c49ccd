import Contracts
import Eventing
import Foundation
import HTTPTypes
import HummingbirdTesting
import Messaging
import ServiceKit
import ServiceLifecycle
import ServiceTestSupport
import TestSupport
import Testing

@testable import Intake

@Suite("The case timeline gathers every service's events")
struct TimelineTests {
    struct TimelinePage: Decodable {
        struct Item: Decodable { let type: String; let service: String; let summary: String }
        let items: [Item]
        let nextCursor: String?
    }

    @Test func everyEventTypeIntakeSubscribesToHasATimelineHandlerOrIsTheNetworks() throws {
        // The network service's events (linked cities' keys, cases handed over here) have their own handlers.
        let handled = Set(TimelineReactions.types).union([
            NetworkLinkDeclared.type, NetworkCaseTransferRequested.type, NetworkCaseTransferAccepted.type, NetworkCaseTransferRejected.type,
            NetworkCaseTransferCancelled.type,
        ])
        let subscribed = EventCatalogue.all.map { $0.type }.filter { type in
            ServiceIdentity.intake.subscriptions.contains { pattern in
                pattern.hasSuffix(".#") ? type.hasPrefix(String(pattern.dropLast(1))) : type == pattern
            }
        }
        #expect(!subscribed.isEmpty)
        for type in subscribed { #expect(handled.contains(type), "no timeline handler for \(type)") }
    }

    @Test func aReferralPublishedOnTheBrokerAppearsInTheTimelineInPlainWords() async throws {
        try await withIntake { intake, client in
            let caseworker = try await intake.token([.caseworker])
            let caseId = try await createCase(client, token: caseworker, person: try await createPerson(client, token: caseworker))

            try await withEventConsumer(for: .intake, harness: intake, handlers: intake.parts.reactions) { publisher in
                let facts = ReferralFacts(referralId: UUID(), caseId: caseId, partnerId: UUID(), issue: .unpaidWages, language: "ky")
                let proposed = try EventEnvelope(
                    ReferralProposed(referral: facts), city: "testcity", service: .legalReferral, subject: "referral/\(facts.referralId)")
                let accepted = try EventEnvelope(
                    ReferralAccepted(referral: facts), city: "testcity", service: .legalReferral, time: Date().addingTimeInterval(1))
                for envelope in [proposed, accepted, proposed] {
                    try await publisher.publishConfirmed(OutgoingMessage(event: envelope))
                }
                let arrived = try await eventually {
                    try await client.send(.get, "/v1/cases/\(caseId)/timeline", token: caseworker).decoded(as: TimelinePage.self).items.count == 3
                }
                #expect(arrived)
                try await Task.sleep(for: .milliseconds(300))
                let page = try await client.send(.get, "/v1/cases/\(caseId)/timeline", token: caseworker).decoded(as: TimelinePage.self)
                #expect(page.items.map(\.type) == [CaseRegistered.type, ReferralProposed.type, ReferralAccepted.type])
                #expect(page.items.map(\.service) == ["intake", "legal-referral", "legal-referral"])
                #expect(page.items[1].summary == "Referral for unpaid wages proposed to a partner speaking Kyrgyz.")
                #expect(page.items[2].summary == "The partner accepted the unpaid wages referral.")
                let russian = try await client.send(
                    .get, "/v1/cases/\(caseId)/timeline", token: caseworker, headers: [.acceptLanguage: "ru-RU, en;q=0.5"]
                ).decoded(as: TimelinePage.self)
                #expect(russian.items[1].summary == "Направление (невыплата зарплаты) предложено партнёру, язык: кыргызский.")
                #expect(russian.items[2].summary == "Партнёр принял направление (невыплата зарплаты).")

                let first = try await client.send(.get, "/v1/cases/\(caseId)/timeline?limit=2", token: caseworker).decoded(as: TimelinePage.self)
                let rest = try await client.send(
                    .get, "/v1/cases/\(caseId)/timeline?limit=2&cursor=\(try #require(first.nextCursor))", token: caseworker
                ).decoded(as: TimelinePage.self)
                #expect((first.items + rest.items).map(\.type) == page.items.map(\.type))
                #expect(try await client.send(.get, "/v1/cases/\(UUID())/timeline", token: caseworker).status == .notFound)
                #expect(try await client.send(.get, "/v1/cases/\(caseId)/timeline", token: try await intake.token([.operator])).status == .forbidden)
            }
        }
    }

    @Test func theTimelineReadsInTheLanguageAskedAndOlderLinesInEnglish() async throws {
        try await withIntake { intake, client in
            let caseworker = try await intake.token([.caseworker])
            let caseId = try await createCase(client, token: caseworker, person: try await createPerson(client, token: caseworker))
            let asked: [(header: String?, language: String, opening: String)] = [
                (nil, "en", "Case opened by hotline"), ("ky", "ky", "Иш ачылды (канал: ишеним телефону"),
                ("ky-KG;q=0.9, ru", "ky", "Иш ачылды"), ("fr, ru;q=0.8", "ru", "Дело открыто (канал: горячая линия"),
                ("fr, de", "en", "Case opened"), (";q=1, , ru", "ru", "Дело открыто"),
            ]
            for (header, language, opening) in asked {
                let response = try await client.send(
                    .get, "/v1/cases/\(caseId)/timeline", token: caseworker, headers: header.map { [.acceptLanguage: $0] } ?? [:])
                let summary = try response.decoded(as: TimelinePage.self).items.first?.summary ?? ""
                #expect(response.headers[.contentLanguage] == language, "\(header ?? "none")")
                #expect(summary.hasPrefix(opening), "\(header ?? "none"): \(summary)")
            }
            // A line written before the timeline had other languages reads in English in any.
            try await intake.pool.query(
                """
                INSERT INTO "\(intake.schema)".timeline (event_id, case_id, at, type, service, summary)
                VALUES (gen_random_uuid(), $1, now() + interval '1 minute', 'legal.referral.accepted.v1', 'legal-referral', 'An older line.')
                """, [caseId])
            let items = try await client.send(.get, "/v1/cases/\(caseId)/timeline", token: caseworker, headers: [.acceptLanguage: "ru"])
                .decoded(as: TimelinePage.self).items
            #expect(items.map(\.summary).last == "An older line." && items.first?.summary.hasPrefix("Дело открыто") == true)
        }
    }

    @Test func whatEachServiceUndoesOnAWithdrawnConsentReadsOnTheTimeline() async throws {
        try await withIntake { intake, client in
            let caseworker = try await intake.token([.caseworker])
            let caseId = try await createCase(client, token: caseworker, person: try await createPerson(client, token: caseworker))
            let night = CalendarDate(year: 2027, month: 3, day: 1)!
            let booking = BookingFacts(bookingId: UUID(), caseId: caseId, shelterId: UUID(), from: night, to: night.adding(days: 14), beds: 1)
            let referral = ReferralFacts(referralId: UUID(), caseId: caseId, partnerId: UUID(), issue: .documents, language: "ky")
            try await intake.deliver(BookingReleased(booking: booking, reason: "consent withdrawn"), from: .shelter)
            try await intake.deliver(ReferralWithdrawn(referral: referral, reason: "consent withdrawn"), from: .legalReferral)
            try await intake.deliver(PolicyErased(caseId: caseId, policyId: UUID(), reason: "consent withdrawn"), from: .medicalInsurance)
            try await intake.deliver(
                JobSeekerRemoved(caseId: caseId, seekerId: UUID(), followUpsDropped: 2, reason: "consent withdrawn"), from: .laborExchange)
            let page = try await client.send(.get, "/v1/cases/\(caseId)/timeline", token: caseworker).decoded(as: TimelinePage.self)
            #expect(
                page.items.dropFirst().map(\.summary) == [
                    "Shelter booking released (consent withdrawn).",
                    "The documents referral was withdrawn (consent withdrawn).",
                    "A medical policy was erased (consent withdrawn).",
                    "Employment work stopped (consent withdrawn): job-seeker profile removed, 2 follow-up(s) dropped.",
                ])
            #expect(page.items.dropFirst().map(\.service) == ["shelter", "legal-referral", "medical-insurance", "labor-exchange"])
        }
    }
}

@Suite("The timeline's words in every language")
struct TimelineLanguageTests {
    @Test(arguments: [TimelineLanguage.ru, .ky])
    func everyCodeATimelineLineNamesHasWordsInTheLanguage(language: TimelineLanguage) {
        let codes =
            Channel.known.map(\.rawValue) + Need.known.map(\.rawValue) + Priority.known.map(\.rawValue) + CaseStatus.known.map(\.rawValue)
            + ConsentPurpose.known.map(\.rawValue) + LegalIssue.known.map(\.rawValue) + ReferralOutcome.known.map(\.rawValue)
            + MedicalService.known.map(\.rawValue) + TransferRejection.known.map(\.rawValue)
        for code in codes {
            #expect(language.words(code) != TimelineLanguage.en.words(code), "\(language): no words for \(code)")
        }
        #expect(language.words("cancelled by staff-7").hasSuffix("staff-7") && !language.words("cancelled by staff-7").hasPrefix("cancelled"))
        #expect(language.languageName("ky-KG") != "Kyrgyz" && language.languageName("xx") == "xx")
    }
}
