import Foundation
import Messaging
import TestSupport
import Testing

@Suite("AMQP URLs")
struct AMQPURLTests {
    @Test func partsArePercentDecodedWithDefaults() throws {
        let url = try #require(AMQPURL("amqp://jardam:p%40ss@127.0.0.1:56700/jardam"))
        #expect(url.host == "127.0.0.1" && url.port == 56700 && url.user == "jardam")
        #expect(url.password == "p@ss")
        #expect(url.virtualHost == "jardam")
        #expect(!url.redacted.contains("p@ss"))

        let root = try #require(AMQPURL("amqp://broker/%2f"))
        #expect(root.virtualHost == "/" && root.port == 5672 && root.user == "guest")
        #expect(AMQPURL("amqp://broker")?.virtualHost == "/")
    }

    @Test func amqpsVerifiesAgainstTheGivenCAAndKeepsItWhenCredentialsChange() throws {
        let url = try #require(AMQPURL("amqps://jardam:p%40ss@localhost:56700/jardam?cacertfile=/run/ca.crt"))
        #expect(url.port == 56700 && url.tls?.caCertificateFile == "/run/ca.crt")
        #expect(AMQPURL("amqps://broker/")?.port == 5671 && AMQPURL("amqps://broker/")?.tls?.caCertificateFile == nil)
        #expect(AMQPURL("amqp://broker/")?.tls == nil)

        let partner = try #require(AMQPURL(url.text(user: "partner-a", password: "s3cr@t/")))
        #expect(partner.user == "partner-a" && partner.password == "s3cr@t/")
        #expect(partner.tls == url.tls && partner.host == url.host && partner.port == url.port && partner.virtualHost == "jardam")
        #expect(url.redacted.hasPrefix("amqps://jardam:***@localhost:56700/jardam") && !url.redacted.contains("p@ss"))
        #expect(AMQPURL(AMQPURL("amqp://u:p@broker/%2f")!.text(user: "u", password: "p"))?.virtualHost == "/")
    }

    @Test func aClusterURLListsEveryNodeAndKeepsThemWhenCredentialsChange() throws {
        let url = try #require(AMQPURL("amqps://jardam:p%40ss@localhost:56710,localhost:56720,127.0.0.1/jardam?cacertfile=/run/ca.crt"))
        #expect(url.nodes.map(\.description) == ["localhost:56710", "localhost:56720", "127.0.0.1:5671"])
        #expect(url.host == "localhost" && url.port == 56710 && url.password == "p@ss" && url.virtualHost == "jardam")
        #expect(url.tls?.caCertificateFile == "/run/ca.crt")
        let partner = try #require(AMQPURL(url.text(user: "partner-a", password: "s3cr@t/")))
        #expect(partner.nodes == url.nodes && partner.user == "partner-a" && partner.password == "s3cr@t/" && partner.tls == url.tls)
        #expect(url.redacted == "amqps://jardam:***@localhost:56710,localhost:56720,127.0.0.1:5671/jardam?cacertfile=/run/ca.crt")
    }

    @Test(arguments: [
        "http://broker/", "amqp:///vhost", "not a url", "amqp://broker/?cacertfile=/ca.crt",
        "amqps://broker/?verify=verify_none", "amqps://broker/?cacertfile=", "amqp://u:p@a:1,,b:2/v", "amqp://u:p@a:1,b:x/v",
    ])
    func otherURLsAreRefused(_ text: String) {
        #expect(AMQPURL(text) == nil)
    }
}

@Suite("AMQP connections over rabbitmq-c")
struct AMQPConnectionTests {
    static var url: AMQPURL { AMQPURL(TestEnvironment.variable("JARDAM_TEST_AMQP_URL"))! }

    @Test func connectsLogsInAndCloses() async throws {
        let connection = try await AMQPConnection.connect(Self.url)
        await connection.close()
    }

    @Test func anIdleConnectionOutlivesTheBrokersHeartbeatTimeout() async throws {
        let connection = try await AMQPConnection.connect(Self.url)
        // The broker drops a peer silent for two heartbeats (6 s, seen by a check every 3 s); this
        // one makes no call for 15. The default heartbeat, as a 1 s one (2 s of slack) was missed
        // under the full suite's load on two cores.
        try await Task.sleep(for: .seconds(15))
        try await connection.declareExchange(Topology.eventsExchange, type: "topic", passive: true)
        await connection.close()
    }

    @Test func aWrongPasswordFailsWithoutRevealingIt() async throws {
        let url = Self.url
        let wrong = try #require(AMQPURL(url.text(user: url.user, password: "wrong-secret-9")))
        let error = await #expect(throws: MessagingError.self) { try await AMQPConnection.connect(wrong) }
        #expect(error?.code == .connectionFailed)
        #expect(error.map { !"\($0)".contains("wrong-secret-9") } == true)
    }

    @Test func anUnreachableBrokerFailsWithinTheConnectTimeout() async throws {
        var options = AMQPConnection.Options()
        options.connectTimeout = .seconds(2)
        let started = ContinuousClock.now
        let error = await #expect(throws: MessagingError.self) {
            try await AMQPConnection.connect(AMQPURL("amqp://u:p@127.0.0.1:1/jardam")!, options: options)
        }
        #expect(error?.code == .connectionFailed)
        // Bounded, with room for two cores busy with ~300 other tests (5.4 s seen under that load).
        #expect(ContinuousClock.now - started < .seconds(10))
    }

    @Test func aClusterURLConnectsToTheNodeThatAnswersWhicheverIsTriedFirst() async throws {
        let url = Self.url
        let ca = try #require(url.tls?.caCertificateFile)
        // A node that is down (nothing listens on port 1) listed before and after the live one;
        // the first node tried is random, so several connections try both orders.
        for text in [
            "amqps://\(url.user):\(url.password)@\(url.host):1,\(url.host):\(url.port)/\(url.virtualHost)?cacertfile=\(ca)",
            "amqps://\(url.user):\(url.password)@\(url.host):\(url.port),\(url.host):1/\(url.virtualHost)?cacertfile=\(ca)",
        ] {
            let cluster = try #require(AMQPURL(text))
            for _ in 0..<4 {
                let connection = try await AMQPConnection.connect(cluster)
                #expect(connection.node == AMQPURL.Node(host: url.host, port: url.port))
                await connection.close()
            }
        }
        let allDown = try #require(AMQPURL("amqp://u:p@127.0.0.1:1,127.0.0.1:2/jardam"))
        let error = await #expect(throws: MessagingError.self) { try await AMQPConnection.connect(allDown) }
        #expect(error.map { "\($0)".contains("127.0.0.1:1") && "\($0)".contains("127.0.0.1:2") } == true)
    }
}

@Suite("The broker speaks AMQP over TLS only, with a certificate of the city CA")
struct BrokerTransportSecurityTests {
    @Test func plainAMQPAnotherCAAndAnotherNameAreRefused() async throws {
        let url = AMQPConnectionTests.url
        let ca = try #require(url.tls?.caCertificateFile, "the city's URLs speak TLS and name the city CA")
        let connection = try await AMQPConnection.connect(url)
        await connection.close()

        var options = AMQPConnection.Options()
        options.connectTimeout = .seconds(3)
        let plain = try #require(AMQPURL("amqp://\(url.user):\(url.password)@\(url.host):\(url.port)/\(url.virtualHost)"))
        await #expect(throws: MessagingError.self, "no plain listener") { try await AMQPConnection.connect(plain, options: options) }
        let systemCAs = try #require(AMQPURL("amqps://\(url.user):\(url.password)@\(url.host):\(url.port)/\(url.virtualHost)"))
        await #expect(throws: MessagingError.self, "the city CA is not one the system trusts") {
            try await AMQPConnection.connect(systemCAs, options: options)
        }
        let byAddress = try #require(AMQPURL("amqps://\(url.user):\(url.password)@127.0.0.1:\(url.port)/\(url.virtualHost)?cacertfile=\(ca)"))
        let error = await #expect(throws: MessagingError.self, "the name is verified (rabbitmq-c matches DNS names only, not the IP entry)") {
            try await AMQPConnection.connect(byAddress, options: options)
        }
        #expect(error.map { "\($0)".contains("hostname") } == true)
    }
}
