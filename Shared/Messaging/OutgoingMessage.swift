import Foundation

/// A message to publish: persistent, with a message id, a type and string headers.
public struct OutgoingMessage: Sendable {
    public var exchange: String
    public var routingKey: String
    public var body: Data
    public var messageID: String?
    public var type: String?
    public var contentType: String
    public var headers: [String: String]
    /// Whether the broker must return the message when no queue takes it (the publish then fails
    /// as ``MessagingError/Code/unroutable``).
    public var mandatory: Bool

    public init(
        exchange: String, routingKey: String, body: Data, messageID: String? = nil, type: String? = nil,
        contentType: String = "application/json", headers: [String: String] = [:], mandatory: Bool = false
    ) {
        self.exchange = exchange
        self.routingKey = routingKey
        self.body = body
        self.messageID = messageID
        self.type = type
        self.contentType = contentType
        self.headers = headers
        self.mandatory = mandatory
    }
}
