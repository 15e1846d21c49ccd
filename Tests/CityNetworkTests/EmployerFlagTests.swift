import Contracts
import Foundation
import Messaging
import ServiceKit
import TestSupport
import Testing

/// Three cities on this machine, each with its own servers and services, linked by RabbitMQ
/// federation (`scripts/network.sh start test-moscow test-yekaterinburg test-novosibirsk`).
@Suite("The network of cities", .serialized)
struct EmployerFlagTests {
    /// A tax id no other test uses.
    static func newTaxId() -> String { String(format: "77%08d", Int.random(in: 0..<100_000_000)) }

    /// Registers the employer `taxId` in `city` with one open vacancy; returns the vacancy's id.
    static func vacancy(of taxId: String, in city: LocalCity) async throws -> String {
        let employer = try await city.expect(
            "POST", .laborExchange, "/v1/employers", as: [.employmentOfficer],
            json: #"{"taxId": "\#(taxId)", "name": "Stroy \#(taxId)", "city": "\#(city.name)"}"#)
        let vacancy = try await city.expect(
            "POST", .laborExchange, "/v1/vacancies", as: [.employmentOfficer],
            json:
                #"{"employerId": "\#(employer["id"].string!)", "occupation": "7112", "title": "Bricklayer", "city": "\#(city.name)", "wage": {"amount": "70000.00", "currency": "RUB", "period": "month"}, "positions": 3, "housingProvided": true, "languages": ["ru", "ky"]}"#
        )
        return vacancy["id"].string!
    }

    /// The status of the vacancy `id` in `city` (`open`, `suspended`).
    static func status(of id: String, in city: LocalCity) async throws -> String? {
        try await city.expect("GET", .laborExchange, "/v1/vacancies?limit=200", as: [.employmentOfficer])["items"].items
            .first { $0["id"].string == id }?["status"].string
    }

    /// The cities that flag `taxId`, as `city`'s legal-referral lists them.
    static func flaggingCities(of taxId: String, in city: LocalCity) async throws -> [String] {
        try await city.expect("GET", .legalReferral, "/v1/employers/flagged", as: [.caseworker])["items"].items
            .filter { $0["taxId"].string == taxId }.compactMap { $0["city"].string }
    }

    @Test func aFlagInMoscowSuspendsTheEmployersVacanciesInTheOtherCitiesAndAClearingRestoresThem() async throws {
        let cities = try LocalCity.all()
        let (moscow, others) = (cities[0], Array(cities.dropFirst()))
        let taxId = Self.newTaxId()
        var vacancies: [String] = []
        for city in others { vacancies.append(try await Self.vacancy(of: taxId, in: city)) }
        for (city, vacancy) in zip(others, vacancies) { #expect(try await Self.status(of: vacancy, in: city) == "open") }

        try await moscow.expect(
            "POST", .legalReferral, "/v1/employers/\(taxId)/flag", as: [.supervisor], json: #"{"reason": "wages unpaid for months"}"#)
        for (city, vacancy) in zip(others, vacancies) {
            #expect(try await eventually(.seconds(60)) { try await Self.status(of: vacancy, in: city) == "suspended" }, "suspended in \(city.name)")
            #expect(try await Self.flaggingCities(of: taxId, in: city) == [moscow.name], "\(city.name) lists Moscow's flag with its city")
        }
        #expect(try await Self.flaggingCities(of: taxId, in: moscow) == [moscow.name], "Moscow lists its own flag once")

        try await moscow.expect("POST", .legalReferral, "/v1/employers/\(taxId)/clear", as: [.supervisor], json: #"{"reason": "wages paid"}"#)
        for (city, vacancy) in zip(others, vacancies) {
            #expect(try await eventually(.seconds(60)) { try await Self.status(of: vacancy, in: city) == "open" }, "restored in \(city.name)")
            #expect(try await Self.flaggingCities(of: taxId, in: city).isEmpty)
        }
    }

    @Test func aTokenOfOneCityIsRefusedByEveryServiceOfAnother() async throws {
        let cities = try LocalCity.all()
        let moscowToken = try await cities[0].token(Role.allCases)
        for service in ServiceIdentity.allCases {
            let reply = try await cities[1].send("GET", service, "/v1/audit?limit=1", token: moscowToken)
            #expect(reply.status == 401, "\(cities[1].name)'s \(service.rawValue) refuses Moscow's token: \(reply.status)")
        }
        let own = try await cities[1].send("GET", .network, "/v1/network/links", token: try await cities[1].token([.ops]))
        #expect(own.status == 200, "its own token is taken")
    }

    @Test func aCitysBrokerUsersCanDoNothingOnAnotherCitysBroker() async throws {
        let cities = try LocalCity.all()
        let (moscow, yekaterinburg) = (cities[0], cities[1])
        // Each service user of Moscow, with its password, against Yekaterinburg's broker.
        for service in ServiceIdentity.allCases {
            let own = try moscow.serviceAMQPURL(service)
            let foreign = try yekaterinburg.amqpURL(user: own.user, password: own.password)
            await #expect(throws: (any Error).self, "\(own.user) of moscow logs in to yekaterinburg") {
                let connection = try await AMQPConnection.connect(foreign)
                await connection.close()
            }
        }
        // Yekaterinburg's federation user, as Moscow's link uses it, reads only jardam.network.
        let federation = try yekaterinburg.amqpURL(
            user: "jardam-federation", password: try #require(URLComponents(string: yekaterinburg.variables["JARDAM_FEDERATION_URI"]!)?.password))
        for act in ["consume a service's queue", "declare a queue", "bind to jardam.events"] {
            let connection = try await AMQPConnection.connect(federation)
            await #expect(throws: (any Error).self, "the federation user may not \(act)") {
                switch act {
                case "consume a service's queue": _ = try await connection.get(ServiceIdentity.laborExchange.eventQueue)
                case "declare a queue": try await connection.declareQueue("stolen.copy")
                default: try await connection.bindQueue(ServiceIdentity.laborExchange.eventQueue, exchange: Topology.eventsExchange, routingKey: "#")
                }
            }
            await connection.close()
        }
    }
}
