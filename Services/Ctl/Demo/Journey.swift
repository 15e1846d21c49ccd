import Contracts
import Foundation
import ServiceKit

/// One migrant's journey through the five services of a city, step by step, as `make demo`
/// prints it and the end-to-end test runs it; with a ``next`` city, it ends with her case
/// handed over to that city (CONTRACT.md §7).
///
/// Every step checks what the services did and throws when an effect does not show within
/// ``patience``; the journey is both the demo and its own proof.
struct Journey {
    let client: CityClient
    /// The city she moves on to, linked to ``client``'s; none: the journey ends in one city.
    var next: CityClient?
    /// How long an effect that travels through the broker may take to show.
    var patience: Duration = .seconds(60)
    /// Where the story goes (standard output).
    var say: @Sendable (String) -> Void = { print($0) }

    /// What the journey created, for whoever checks it afterwards.
    struct Outcome: Sendable {
        let caseId: UUID
        let flaggedTaxId: String
        let placementId: UUID
        let timeline: [String]
    }

    /// What the handover to the next city made in that city.
    struct Handover: Sendable {
        let transferId: UUID
        let caseId: UUID
    }

    func run() async throws -> Outcome {
        let city = client.city
        // A fresh employer that will not pay, so that the story flags one every time it runs.
        let badTaxId = "77" + String(UInt64.random(in: 10_000_000...99_999_999))
        say("Jardam demo, city \(city): one migrant's journey through intake, shelter, medical-insurance, legal-referral and labor-exchange.\n")

        say("0. Before she calls: an employer who will stop paying has hired her and posts vacancies.")
        let badEmployer = try await client.expect(
            "POST", .laborExchange, "/v1/employers", as: [.employmentOfficer],
            body: ["taxId": .string(badTaxId), "name": "Stroy-Garant LLC", "city": .string(city)])
        let badEmployerId = try id(badEmployer, "employer")
        let badVacancy = try await client.expect(
            "POST", .laborExchange, "/v1/vacancies", as: [.employmentOfficer],
            body: [
                "employerId": .string(badEmployerId.lowercased), "occupation": "9112", "title": "Cleaner, construction sites",
                "city": .string(city), "wage": ["amount": "65000.00", "currency": "RUB", "period": "month"], "positions": 4,
                "housingProvided": true, "languages": ["ky", "ru"],
            ])
        say("   employer \(badTaxId) (Stroy-Garant LLC) with vacancy \(try id(badVacancy, "vacancy").lowercased): cleaner, 65 000 RUB a month\n")

        say("1. 02:40 at night the hotline rings; the operator answers in Kyrgyz.")
        let call = try await client.expect(
            "POST", .intake, "/v1/hotline/calls", as: [.operator],
            body: ["language": "ky", "topic": "unpaid-wages", "durationSeconds": 840, "resolvedByPhone": false])
        say("   call \(try id(call, "call").lowercased) logged: language ky, topic unpaid-wages, not solvable by phone: a case is opened\n")

        say("2. Intake registers her: from Kyrgyzstan, pregnant, with a child; consent for every purpose.")
        let person = try await client.expect(
            "POST", .intake, "/v1/persons", as: [.operator],
            body: [
                "givenName": "Айгуль", "familyName": "Осмонова", "nameLatin": "Aigul Osmonova", "birthDate": "1996-03-14",
                "sex": "female", "citizenship": "KG", "languages": ["ky", "ru"], "phone": "+996555010203",
                "document": ["type": "passport", "number": "AC1234567"],
            ])
        let personId = try id(person, "person")
        let duplicates = person["possibleDuplicates"].items.count
        say(
            "   person \(personId.lowercased) sealed in intake's vault\(duplicates > 0 ? " (\(duplicates) possible duplicate(s) from earlier demos flagged)" : "")"
        )
        let registered = try await client.expect(
            "POST", .intake, "/v1/cases", as: [.operator],
            body: [
                "personId": .string(personId.lowercased), "channel": "hotline", "language": "ky",
                "needs": ["housing", "medical", "legal", "employment"], "vulnerabilities": ["pregnant", "with-children"],
                "consents": ["legal", "housing", "medical", "employment", "partner-sharing", "research", "transfer"],
            ])
        let caseId = try id(registered, "case")
        say("   case \(caseId.lowercased): priority \(registered["priority"].string ?? "?"), needs housing, medical, legal, employment\n")

        say("3. Shelter: a bed in a family room, held at once from the registration event.")
        let booking = try await eventually("a booking for the case") {
            try await client.expect("GET", .shelter, "/v1/bookings?caseId=\(caseId.lowercased)", as: [.shelterManager])["items"].items.first
        }
        let bookingId = try id(booking, "booking")
        let shelter = try await client.expect("GET", .shelter, "/v1/shelters/\(booking["shelterId"].string ?? "")", as: [.shelterManager])
        say(
            "   \(booking["beds"].number.map { Int($0) } ?? 0) beds held in a family room of \(shelter["name"].string ?? "?") (\(shelter["kind"].string ?? "?")), \(booking["from"].string ?? "") to \(booking["to"].string ?? "")"
        )
        try await client.expect("POST", .shelter, "/v1/bookings/\(bookingId.lowercased)/confirm", as: [.shelterManager])
        try await client.expect("POST", .shelter, "/v1/bookings/\(bookingId.lowercased)/check-in", as: [.shelterManager])
        say("   the shelter manager confirms; she and her child check in\n")

        say("4. Medical insurance: her coverage is checked and a maternity plan recommended.")
        let medical = try await eventually("the coverage check and the recommendation on the timeline") { () -> [JSONValue]? in
            let items = try await timeline(caseId)
            let wanted = items.filter { ["medical.coverage.checked.v1", "medical.plan.recommended.v1"].contains($0["type"].string ?? "") }
            return wanted.count >= 2 ? wanted : nil
        }
        for item in medical { say("   \(item["summary"].string ?? "")") }
        let recommended = try await client.expect(
            "GET", .medicalInsurance, "/v1/plans/recommendations?services=maternity&region=\(city)&members=1", as: [.caseworker])
        if let best = recommended["items"].items.first {
            say(
                "   cheapest plan with maternity: \(best["name"].string ?? "?"), \(best["annualPrice"]["amount"].string ?? "?") \(best["annualPrice"]["currency"].string ?? "") a year"
            )
        }
        say("")

        say("5. Her complaint about unpaid wages reaches a Kyrgyz-speaking lawyer, who accepts it.")
        try await complain(about: badTaxId, caseId: caseId, amount: ["amount": "130000.00", "currency": "RUB"])
        say("   complaint filed against \(badTaxId): two months unpaid, 130 000 RUB")
        let referral = try await eventually("the unpaid-wages referral") { () -> JSONValue? in
            let reply = try await client.send(
                "POST", .legalReferral, "/v1/referrals", as: [.caseworker],
                body: ["caseId": .string(caseId.lowercased), "issue": "unpaid-wages"], idempotencyKey: "journey-\(caseId.lowercased)-wages")
            return reply.status == 201 || reply.status == 200 ? reply.json : nil
        }
        let referralId = try id(referral, "referral")
        guard let partnerId = referral["partnerId"].uuid else { throw CtlError("no partner fits the unpaid-wages referral (seed demo first)") }
        let partner = try await client.expect("GET", .legalReferral, "/v1/partners/\(partnerId.lowercased)", as: [.caseworker])
        let languages = partner["languages"].items.compactMap(\.string)
        guard languages.contains("ky") else { throw CtlError("the referral went to a partner without Kyrgyz: \(languages)") }
        say("   referral \(referralId.lowercased) proposed to \(partner["name"].string ?? "?") (speaks \(languages.joined(separator: ", ")))")
        let accepted = try await client.expect(
            "POST", .legalReferral, "/v1/referrals/\(referralId.lowercased)/accept", as: [.lawyer], partner: partnerId)
        say("   the lawyer accepts: referral \(accepted["status"].string ?? "?")\n")

        say("6. Two more workers, each with a case of their own, complain about the same employer: it is flagged, its vacancies vanish.")
        for (given, family) in [("Бакыт", "Асанов"), ("Нурлан", "Токтосунов")] {
            let worker = try await client.expect(
                "POST", .intake, "/v1/persons", as: [.operator],
                body: ["givenName": .string(given), "familyName": .string(family), "sex": "male", "citizenship": "KG", "languages": ["ky"]])
            let workerCase = try await client.expect(
                "POST", .intake, "/v1/cases", as: [.operator],
                body: [
                    "personId": .string(try id(worker, "person").lowercased), "channel": "walk-in", "language": "ky", "needs": ["employment"],
                    "vulnerabilities": [], "consents": ["legal"],
                ])
            try await complain(about: badTaxId, caseId: try id(workerCase, "case"), amount: nil)
        }
        let flagged = try await client.all(.legalReferral, "/v1/employers/flagged", as: [.caseworker])
        guard let flag = flagged.first(where: { $0["taxId"].string == badTaxId }) else {
            throw CtlError("\(badTaxId) is not flagged after three complaints")
        }
        say("   legal-referral flags \(badTaxId): \(flag["reason"].string ?? "")")
        _ = try await eventually("the employer's vacancies suspended in labor-exchange") { () -> Bool? in
            let vacancies = try await client.all(.laborExchange, "/v1/vacancies?employerId=\(badEmployerId.lowercased)", as: [.employmentOfficer])
            return vacancies.allSatisfy { $0["status"].string == "suspended" } ? true : nil
        }
        say("   labor-exchange suspends its vacancies; they are no longer matched\n")

        say("7. She is matched to another vacancy and placed.")
        let seeker = try await client.expect(
            "POST", .laborExchange, "/v1/job-seekers", as: [.employmentOfficer],
            body: [
                "caseId": .string(caseId.lowercased), "occupations": ["9112"], "languages": ["ky", "ru"],
                "desiredWage": ["amount": "45000.00", "currency": "RUB"], "city": .string(city),
            ])
        let matches = try await client.expect(
            "GET", .laborExchange, "/v1/job-seekers/\(try id(seeker, "job seeker").lowercased)/matches?limit=3", as: [.employmentOfficer])["items"]
            .items
        guard let best = matches.first, let vacancyId = best["vacancyId"].uuid else { throw CtlError("no vacancy matches her (seed demo first)") }
        guard !matches.contains(where: { $0["employerId"].uuid == badEmployerId }) else { throw CtlError("a flagged employer's vacancy was matched") }
        for match in matches {
            say(
                "   match \(match["title"].string ?? "?"): score \(match["score"].number.map { String(format: "%.2f", $0) } ?? "?") (\(match["reasons"].items.compactMap(\.string).joined(separator: "; ")))"
            )
        }
        let placement = try await client.expect(
            "POST", .laborExchange, "/v1/placements", as: [.employmentOfficer],
            body: [
                "caseId": .string(caseId.lowercased), "vacancyId": .string(vacancyId.lowercased),
                "startDate": .string(CalendarDate(Date()).description),
            ])
        let placementId = try id(placement, "placement")
        say("   placed in \(best["title"].string ?? "?") from today; follow-ups due at months 1, 3, 6 and 12\n")

        say("8. Her timeline in intake, from every service's events:")
        let wanted: Set = [
            "shelter.booking.held.v1", "shelter.booking.checked-in.v1", "medical.coverage.checked.v1", "medical.plan.recommended.v1",
            "legal.referral.proposed.v1", "legal.referral.accepted.v1", "labor.match.proposed.v1", "labor.placement.started.v1",
        ]
        let entries = try await eventually("every step on the timeline") { () -> [JSONValue]? in
            let items = try await timeline(caseId)
            return wanted.isSubset(of: Set(items.compactMap { $0["type"].string })) ? items : nil
        }
        for entry in entries {
            say("   \(entry["at"].string ?? "")  \(entry["service"].string ?? "")  \(entry["summary"].string ?? "")")
        }
        if let next { try await moveOn(caseId: caseId, to: next) }
        say("\nThe journey is complete: case \(caseId.lowercased).")
        return Outcome(caseId: caseId, flaggedTaxId: badTaxId, placementId: placementId, timeline: entries.compactMap { $0["type"].string })
    }

    /// Step 9: the case handed over to `next`, accepted there, acted on by its shelter and
    /// legal-referral; here the case is `transferred` and her record shredded.
    @discardableResult
    private func moveOn(caseId: UUID, to next: CityClient) async throws -> Handover {
        let (here, there) = (client.city.capitalized, next.city.capitalized)
        say("\n9. She moves on to \(there) for work. With her consent her case follows her, so she does not tell her story again.")
        let before = try await person(of: caseId, in: client)
        let requested = try await client.expect(
            "POST", .intake, "/v1/cases/\(caseId.lowercased)/transfers", as: [.caseworker],
            body: ["toCity": .string(next.city), "reason": .string("Moves on to \(there) for work; housing and the wage claim continue there.")],
            idempotencyKey: "journey-\(caseId.lowercased)-transfer")
        let transferId = try id(requested, "transfer")
        say("   transfer \(transferId.lowercased) requested: her record sealed with \(there)'s key, readable by no other city on the way")
        let incoming = try await eventually("the transfer pending in \(next.city)") { () -> JSONValue? in
            try await next.all(.intake, "/v1/transfers?direction=incoming&status=pending", as: [.caseworker])
                .first { $0["id"].uuid == transferId }
        }
        say(
            "   \(there)'s intake lists it from \(incoming["fromCity"].string?.capitalized ?? "?"): needs \(incoming["case"]["needs"].items.compactMap(\.string).joined(separator: ", "))"
        )
        let accepted = try await next.expect("POST", .intake, "/v1/transfers/\(transferId.lowercased)/accept", as: [.caseworker])
        guard let newCase = accepted["caseId"].uuid, let newPerson = accepted["personId"].uuid else {
            throw CtlError("accepting the transfer in \(next.city) named no case or person")
        }
        let after = try await next.expect("GET", .intake, "/v1/persons/\(newPerson.lowercased)", as: [.caseworker])
        guard ["givenName", "familyName", "nameLatin"].allSatisfy({ before[$0] == after[$0] }) else {
            throw CtlError("her record does not read back the same in \(next.city)")
        }
        say("   a caseworker in \(there) accepts: case \(newCase.lowercased), her record the same in Cyrillic and Latin")
        let booking = try await eventually("\(next.city)'s shelter to act on the case") {
            try await next.expect("GET", .shelter, "/v1/bookings?caseId=\(newCase.lowercased)", as: [.shelterManager])["items"].items.first
        }
        let shelter = try await next.expect("GET", .shelter, "/v1/shelters/\(booking["shelterId"].string ?? "")", as: [.shelterManager])
        say("   \(there)'s shelter holds \(booking["beds"].number.map { Int($0) } ?? 0) beds in \(shelter["name"].string ?? "?")")
        _ = try await eventually("the case transferred in \(client.city)") { () -> Bool? in
            try await client.expect("GET", .intake, "/v1/cases/\(caseId.lowercased)", as: [.caseworker])["status"].string == "transferred"
                ? true : nil
        }
        let shredded = try await client.send("GET", .intake, "/v1/persons/\(before["id"].string ?? "")", as: [.caseworker])
        guard shredded.status == 404 else { throw CtlError("her record still opens in \(client.city) (\(shredded.status))") }
        say("   in \(here) the case is transferred, its services let go, and its copy of her record is shredded")
        return Handover(transferId: transferId, caseId: newCase)
    }

    /// The person of `caseId` in `city`, as a caseworker reads her (an audited read).
    private func person(of caseId: UUID, in city: CityClient) async throws -> JSONValue {
        let theCase = try await city.expect("GET", .intake, "/v1/cases/\(caseId.lowercased)", as: [.caseworker])
        guard let personId = theCase["personId"].uuid else { throw CtlError("case \(caseId.lowercased) names no person") }
        return try await city.expect("GET", .intake, "/v1/persons/\(personId.lowercased)", as: [.caseworker])
    }

    private func timeline(_ caseId: UUID) async throws -> [JSONValue] {
        try await client.all(.intake, "/v1/cases/\(caseId.lowercased)/timeline", as: [.caseworker])
    }

    private func id(_ json: JSONValue, _ what: String) throws -> UUID {
        guard let id = json["id"].uuid else { throw CtlError("the \(what) came back without an id") }
        return id
    }

    /// Asks `probe` every 200 ms until it answers; throws naming `what` after ``patience``.
    /// Files an unpaid-wages complaint tied to `caseId` once legal-referral knows the case (it
    /// refuses a case it has not heard of with 422 until intake's event arrives); the
    /// idempotency key makes the retries one complaint.
    private func complain(about taxId: String, caseId: UUID, amount: JSONValue?) async throws {
        var body: [String: JSONValue] = ["kind": "unpaid-wages", "caseId": .string(caseId.lowercased)]
        if let amount { body["amount"] = amount }
        _ = try await eventually("legal-referral to take the complaint of case \(caseId.lowercased)") { () -> Bool? in
            let reply = try await client.send(
                "POST", .legalReferral, "/v1/employers/\(taxId)/complaints", as: [.caseworker], body: .object(body),
                idempotencyKey: "journey-\(caseId.lowercased)-complaint")
            if reply.status == 201 || reply.status == 200 { return true }
            if reply.status == 422 { return nil }
            throw CtlError("POST legal-referral/v1/employers/\(taxId)/complaints answered \(reply.status)")
        }
    }

    private func eventually<T>(_ what: String, _ probe: () async throws -> T?) async throws -> T {
        let deadline = ContinuousClock.now + patience
        while ContinuousClock.now < deadline {
            if let value = try await probe() { return value }
            try await Task.sleep(for: .milliseconds(200))
        }
        throw CtlError("waited \(patience) for \(what)")
    }
}
