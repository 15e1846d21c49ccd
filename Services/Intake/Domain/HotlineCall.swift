import Contracts
import Foundation

/// One hotline call: closed vocabularies and counts, no personal data.
struct HotlineCall: Codable, Sendable, Equatable {
    let id: UUID
    let at: Date
    let language: String
    let topic: HotlineTopic
    let durationSeconds: Int
    let resolvedByPhone: Bool
    let caseId: UUID?
}

/// Calls of a period: by language, topic and hour of the day, and the share resolved by phone.
struct HotlineStatistics: Codable, Sendable, Equatable {
    struct Count: Codable, Sendable, Equatable {
        let key: String
        let calls: Int
        let resolvedByPhone: Int
    }

    let from: CalendarDate
    let to: CalendarDate
    /// The zone in which days and hours are counted.
    let timeZone: String
    let calls: Int
    let resolvedByPhone: Int
    /// `resolvedByPhone / calls`, three decimals; absent without calls.
    let resolvedByPhoneShare: Double?
    let averageDurationSeconds: Int?
    let byLanguage: [Count]
    let byTopic: [Count]
    /// All 24 hours, `key` `"00"` to `"23"`.
    let byHour: [Count]
}
