import ConsoleAccounts
import Contracts
import Foundation
import Hummingbird
import ServiceKit

/// The shelters desk (shelter-manager): tonight's occupancy per shelter, the holds to confirm
/// before they expire, check-in and check-out, and the waitlist in priority order. Addresses are
/// what shelter shows the manager's token (a confidential one only to the roles allowed).
struct ShelterDeskRoutes: Sendable {
    let console: ConsoleRoutes
    let calls: ServiceCalls

    /// What a manager does to a booking, by the status it is in.
    static let actions: [(status: String, actions: [String])] = [
        ("held", ["confirm", "cancel"]), ("confirmed", ["check-in", "cancel"]), ("checked-in", ["check-out"]),
    ]

    func add(to router: Router<JardamRequestContext>) {
        router.get("/shelters") { request, _ in
            try await console.open(.shelters, request) { signed in
                let done = request.uri.queryParameters["done"].map(String.init)
                return try await page(signed, notice: done.flatMap { signed.account.language.wording["booking_\($0)"] })
            }
        }
        for action in ["confirm", "check-in", "check-out", "cancel"] {
            router.post("/shelters/bookings/:id/\(action)") { request, context in
                try await console.submit(.shelters, request) { signed, _ in
                    guard let id = context.parameters.get("id").flatMap(UUID.init(uuidString:)) else {
                        return try await page(signed, notice: nil, status: .notFound)
                    }
                    let reply = try await calls.call("POST", .shelter, "/v1/bookings/\(id.lowercased)/\(action)", as: signed.account)
                    guard reply.succeeded else {
                        return try await page(
                            signed, notice: nil, error: ServiceCalls.problemWords(reply, in: signed.account.language), status: .conflict)
                    }
                    return ConsoleRoutes.redirect("/shelters?done=\(action)")
                }
            }
        }
    }

    private func page(_ signed: ConsoleRoutes.Signed, notice: String?, error: String? = nil, status: HTTPResponse.Status = .ok) async throws
        -> Response
    {
        let language = signed.account.language
        let today = CalendarDate(Date())
        let shelters = try await calls.call("GET", .shelter, "/v1/shelters?limit=200", as: signed.account).json["items"].items
        let free = try await calls.call(
            "GET", .shelter, "/v1/availability?from=\(today)&to=\(today.adding(days: 1))", as: signed.account
        ).json["items"].items
        let names = Dictionary(shelters.compactMap { shelter in shelter["id"].string.map { ($0, shelter["name"].string ?? "") } }) { first, _ in first
        }
        let occupancy = shelters.map { shelter -> [String: Any] in
            let beds = shelter["rooms"].items.compactMap { $0["beds"].number }.reduce(0, +)
            let freeBeds = free.first { $0["shelterId"] == shelter["id"] }?["freeBeds"].number ?? beds
            return [
                "name": shelter["name"].string ?? "", "kind": Labels.label(shelter["kind"].string ?? "", in: language),
                "address": shelter["address"].string ?? "", "hasAddress": shelter["address"].string != nil,
                "beds": Int(beds), "occupied": Int(beds - freeBeds),
            ]
        }
        var groups: [[String: Any]] = []
        for (state, actions) in Self.actions {
            let bookings = try await calls.call("GET", .shelter, "/v1/bookings?status=\(state)&limit=200", as: signed.account).json["items"].items
            groups.append([
                "title": Labels.label(state, in: language), "status": state, "empty": bookings.isEmpty,
                "bookings": bookings.map { booking -> [String: Any] in
                    var shown: [String: Any] = [
                        "id": booking["id"].string ?? "", "caseId": booking["caseId"].string ?? "",
                        "shelter": names[booking["shelterId"].string ?? ""] ?? "", "beds": Int(booking["beds"].number ?? 0),
                        "from": booking["from"].string ?? "", "to": booking["to"].string ?? "",
                        "actions": actions.map { ["action": $0, "label": language.wording["booking_do_\($0)"] ?? $0] },
                    ]
                    if booking["expiresAt"].string != nil { shown["expiresAt"] = DateWords.format(booking["expiresAt"].string, in: language) }
                    return shown
                },
            ])
        }
        let waitlist = try await calls.call("GET", .shelter, "/v1/waitlist", as: signed.account).json["items"].items.map { entry -> [String: Any] in
            [
                "position": Int(entry["position"].number ?? 0), "caseId": entry["caseId"].string ?? "", "beds": Int(entry["beds"].number ?? 0),
                "from": entry["from"].string ?? "", "to": entry["to"].string ?? "", "since": DateWords.format(entry["joinedAt"].string, in: language),
            ]
        }
        var values: [String: Any] = ["shelters": occupancy, "groups": groups, "waitlist": waitlist, "noWaitlist": waitlist.isEmpty]
        if let notice { values["notice"] = notice }
        if let error { values["message"] = error }
        return console.pages.render("shelters", language: language, status: status, signedIn: signed.account, csrf: signed.session.csrfToken, values)
    }
}
