import CRabbitMQSupport
import Foundation

/// A value in a queue's arguments or a message's headers: AMQP field tables hold strings and integers.
public enum QueueArgument: Sendable, Equatable {
    case string(String)
    case int(Int)

    /// Lends the arguments as a C array, valid only inside `body`.
    static func withCArguments<T>(_ arguments: [String: QueueArgument], _ body: (UnsafePointer<jardam_amqp_argument>?, Int32) -> T) -> T {
        var owned: [UnsafeMutablePointer<CChar>?] = []
        defer { owned.forEach { free($0) } }
        let entries = arguments.sorted { $0.key < $1.key }.map { key, value -> jardam_amqp_argument in
            let cKey = strdup(key)
            owned.append(cKey)
            switch value {
            case .string(let text):
                let cValue = strdup(text)
                owned.append(cValue)
                return jardam_amqp_argument(key: cKey, string_value: cValue, int_value: 0, is_int: 0)
            case .int(let number):
                return jardam_amqp_argument(key: cKey, string_value: nil, int_value: Int64(number), is_int: 1)
            }
        }
        return entries.withUnsafeBufferPointer { body($0.baseAddress, Int32($0.count)) }
    }
}
