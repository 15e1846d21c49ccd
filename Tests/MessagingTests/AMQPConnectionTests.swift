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

    @Test(arguments: ["http://broker/", "amqps://broker/", "amqp:///vhost", "not a url"])
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

    @Test func aWrongPasswordFailsWithoutRevealingIt() async throws {
        let url = Self.url
        let wrong = try #require(AMQPURL("amqp://\(url.user):wrong-secret-9@\(url.host):\(url.port)/\(url.virtualHost)"))
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
        #expect(ContinuousClock.now - started < .seconds(5))
    }
}
