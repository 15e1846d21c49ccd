import Contracts
import Foundation
import Logging
import Persistence

/// What `jardamctl status` says of the servers under the services: the broker's nodes and where
/// each service's queue has its leader, the database's primary and its standbys with their lag.
extension StatusCommand {
    /// Each broker node, running or not, from the management API.
    static func brokerNodes(_ broker: BrokerManagement) async -> [String] {
        guard let nodes = try? await broker.call("GET", ["nodes"]) as? [[String: Any]] else {
            return ["broker nodes: the management API does not answer"]
        }
        return nodes.compactMap { node in
            guard let name = node["name"] as? String else { return nil }
            let running = node["running"] as? Bool ?? false
            let alarms = [
                (node["mem_alarm"] as? Bool ?? false) ? "memory alarm" : nil, (node["disk_free_alarm"] as? Bool ?? false) ? "disk alarm" : nil,
            ]
            .compactMap { $0 }
            return "broker node \(name): " + (running ? "running" : "DOWN") + (alarms.isEmpty ? "" : " (\(alarms.joined(separator: ", ")))")
        }.sorted()
    }

    /// Each service's queue: the node that leads it and how many of its members are online.
    static func queueLeaders(_ broker: BrokerManagement, city: String) async -> [String] {
        guard let queues = try? await broker.call("GET", ["queues", broker.vhost]) as? [[String: Any]] else { return [] }
        let byName = Dictionary(
            queues.compactMap { queue in (queue["name"] as? String).map { ($0, queue) } }, uniquingKeysWith: { first, _ in first })
        return ServiceIdentity.allCases.map { service in
            let name = service.consumerQueue(city: city).name
            guard let queue = byName[name] else { return "queue \(name): not declared" }
            let members = (queue["members"] as? [String])?.count ?? 0
            let online = (queue["online"] as? [String])?.count ?? 0
            return "queue \(name): leader \(queue["leader"] as? String ?? "none"), \(online) of \(members) replicas online"
        }
    }

    /// The primary the administrator's URL reaches and each standby streaming from it: its state,
    /// whether it is synchronous, and how far behind it is.
    static func database(adminURL: String, logger: Logger) async -> [String] {
        let pool = PostgresPool(configuration: .init(conninfo: adminURL, maxConnections: 1), logger: logger)
        let lines = await databaseLines(pool)
        await pool.close()
        return lines
    }

    private static func databaseLines(_ pool: PostgresPool) async -> [String] {
        do {
            let primary = try await pool.query(
                "SELECT inet_server_addr()::text AS address, inet_server_port()::int8 AS port, pg_is_in_recovery() AS standby")
            let address = (try? primary[0].decode("address", as: String.self)) ?? "local socket"
            let port = (try? primary[0].decode("port", as: Int.self)).map { ":\($0)" } ?? ""
            let standby = try primary[0].decode("standby", as: Bool.self)
            var lines = ["database \(standby ? "standby (read-only)" : "primary") at \(address.split(separator: "/")[0])\(port)"]
            let standbys = try await pool.query(
                """
                SELECT application_name AS name, state, sync_state,
                  coalesce(pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn), 0)::int8 AS lag_bytes,
                  coalesce(extract(epoch FROM replay_lag), 0)::float8 AS lag_seconds
                FROM pg_stat_replication ORDER BY application_name
                """)
            for row in standbys {
                let name = try row.decode("name", as: String.self)
                let state = try row.decode("state", as: String.self)
                let sync = try row.decode("sync_state", as: String.self)
                let bytes = try row.decode("lag_bytes", as: Int.self)
                let seconds = try row.decode("lag_seconds", as: Double.self)
                lines.append("database standby \(name): \(state) (\(sync)), \(bytes) bytes and \(String(format: "%.3f", seconds)) s behind")
            }
            if standbys.isEmpty { lines.append("database standbys: none") }
            return lines
        } catch {
            return ["database: unreachable"]
        }
    }
}
