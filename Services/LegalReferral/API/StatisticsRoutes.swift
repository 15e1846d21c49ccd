import Contracts
import Foundation
import Hummingbird
import ServiceKit

extension LegalAPI {
    /// Appeals (referrals opened) of a period; every count under 5 is suppressed (`null`).
    struct AppealStatistics: ResponseEncodable, Sendable {
        struct Cell: Codable, Sendable, Equatable {
            let key: String
            /// `nil` when 1 to 4: too few to show without singling someone out.
            let count: Int?
            let suppressed: Bool
        }

        let from: CalendarDate
        let to: CalendarDate
        let total: Int?
        let byIssue: [Cell]
        let byLanguage: [Cell]
        let bySex: [Cell]
        /// `YYYY-MM`.
        let byMonth: [Cell]
        let resolved: Int?
    }

    func addStatisticsRoutes(to router: Router<JardamRequestContext>) {
        router.get("/v1/statistics/appeals", allowing: [.supervisor, .auditor]) { request, _, _ in
            var rules = FieldValidation()
            let period = rules.period(request.uri)
            try rules.finish()
            let (from, to) = period!
            let rows = try await database.query(
                """
                WITH appeals AS (
                    SELECT issue, language, sex, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM') AS month, status
                    FROM "\(referrals.schema)".referrals
                    WHERE created_at >= ($1::date)::timestamp AT TIME ZONE 'UTC' AND created_at < ($2::date + 1)::timestamp AT TIME ZONE 'UTC'
                )
                SELECT 'total' AS dimension, '' AS key, count(*) AS n FROM appeals
                UNION ALL SELECT 'resolved', '', count(*) FROM appeals WHERE status = 'resolved'
                UNION ALL SELECT 'issue', issue, count(*) FROM appeals GROUP BY issue
                UNION ALL SELECT 'language', language, count(*) FROM appeals GROUP BY language
                UNION ALL SELECT 'sex', sex, count(*) FROM appeals GROUP BY sex
                UNION ALL SELECT 'month', month, count(*) FROM appeals GROUP BY month
                """,
                [from, to])
            var cells: [String: [AppealStatistics.Cell]] = [:]
            var totals: [String: Int] = [:]
            for row in rows {
                let dimension = try row.decode("dimension", as: String.self)
                let count = try row.decode("n", as: Int.self)
                if ["total", "resolved"].contains(dimension) {
                    totals[dimension] = count
                } else {
                    let shown = SmallCellSuppression.shown(count)
                    cells[dimension, default: []].append(.init(key: try row.decode("key"), count: shown, suppressed: shown == nil))
                }
            }
            func sorted(_ dimension: String) -> [AppealStatistics.Cell] { (cells[dimension] ?? []).sorted { $0.key < $1.key } }
            return AppealStatistics(
                from: from, to: to, total: SmallCellSuppression.shown(totals["total"] ?? 0), byIssue: sorted("issue"),
                byLanguage: sorted("language"), bySex: sorted("sex"), byMonth: sorted("month"),
                resolved: SmallCellSuppression.shown(totals["resolved"] ?? 0))
        }
    }
}
