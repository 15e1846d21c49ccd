import Contracts
import Foundation
import Persistence

/// The `insurers` and `plans` tables.
struct PlanStore: Sendable {
    let schema: String

    func insert(_ insurer: Insurer, on connection: PostgresConnection) async throws {
        try await connection.query("INSERT INTO \"\(schema)\".insurers (id, name) VALUES ($1, $2)", [insurer.id, insurer.name])
    }

    func insurer(named name: String, on connection: PostgresConnection) async throws -> Insurer? {
        try await connection.query("SELECT id, name FROM \"\(schema)\".insurers WHERE lower(name) = lower($1)", [name]).first.map {
            Insurer(id: try $0.decode("id"), name: try $0.decode("name"))
        }
    }

    func insurer(_ id: UUID, on connection: PostgresConnection) async throws -> Insurer? {
        try await connection.query("SELECT id, name FROM \"\(schema)\".insurers WHERE id = $1", [id]).first.map {
            Insurer(id: try $0.decode("id"), name: try $0.decode("name"))
        }
    }

    func insurers(database: PostgresPool) async throws -> [Insurer] {
        try await database.query("SELECT id, name FROM \"\(schema)\".insurers ORDER BY seq").map {
            Insurer(id: try $0.decode("id"), name: try $0.decode("name"))
        }
    }

    func insert(_ plan: Plan, on connection: PostgresConnection) async throws {
        connection.transactionLocals[allKey, as: [Plan].self] = nil
        try await connection.query(
            """
            INSERT INTO "\(schema)".plans (id, insurer_id, name, annual_price, currency, coverage, regions, min_age, max_age, group_prices)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
            """,
            [
                plan.id, plan.insurerId, plan.name, plan.annualPrice.amount, plan.annualPrice.currency, plan.coverage, plan.regions,
                plan.minAge, plan.maxAge, try PostgresJSON(plan.groupPrices),
            ])
    }

    /// Whether the insurer already has a plan of that name (case-insensitive).
    func exists(insurerId: UUID, name: String, on connection: PostgresConnection) async throws -> Bool {
        try await !connection.query(
            "SELECT 1 FROM \"\(schema)\".plans WHERE insurer_id = $1 AND lower(name) = lower($2)", [insurerId, name]
        ).isEmpty
    }

    func plan(_ id: UUID, on connection: PostgresConnection) async throws -> Plan? {
        try await connection.query("\(select) WHERE id = $1", [id]).first.map(Self.plan)
    }

    /// Every plan, oldest first; read once per transaction (a batch of cases compares the same
    /// plans), again after ``insert`` in it.
    func all(on connection: PostgresConnection) async throws -> [Plan] {
        if let read = connection.transactionLocals[allKey, as: [Plan].self] { return read }
        let plans = try await connection.query("\(select) ORDER BY seq").map(Self.plan)
        connection.transactionLocals[allKey] = plans
        return plans
    }

    private var allKey: String { "\(schema).plans" }

    private var select: String {
        "SELECT id, insurer_id, name, annual_price, currency, coverage, regions, min_age, max_age, group_prices::text AS group_prices FROM \"\(schema)\".plans"
    }

    private static func plan(_ row: PostgresRow) throws -> Plan {
        Plan(
            id: try row.decode("id"), insurerId: try row.decode("insurer_id"), name: try row.decode("name"),
            annualPrice: Money(amount: try row.decode("annual_price"), currency: try row.decode("currency")),
            coverage: try row.decode("coverage", as: [MedicalService].self), regions: try row.decode("regions"),
            minAge: try row.decode("min_age"), maxAge: try row.decode("max_age"),
            groupPrices: try JSONDecoder().decode([PlanOffer.GroupPrice].self, from: Data(try row.decode("group_prices", as: String.self).utf8)))
    }
}
