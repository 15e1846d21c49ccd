import Foundation

/// libpq connection strings and URIs.
public enum Conninfo {
    /// `conninfo` with its sessions starting as `role` (`options=-c role=…`): how an
    /// administrator works as a role that cannot log in, such as a schema's owner. `nil` when a
    /// URI does not parse.
    public static func acting(as role: String, on conninfo: String) -> String? {
        let option = "-c role=\(role)"
        guard conninfo.hasPrefix("postgres://") || conninfo.hasPrefix("postgresql://") else { return "\(conninfo) options='\(option)'" }
        // Not through URLComponents: a multi-host URI (`host1:5432,host2:5432`) is no URL it reads.
        guard let encoded = option.addingPercentEncoding(withAllowedCharacters: .alphanumerics), !conninfo.contains("#"),
            conninfo.split(separator: "?", omittingEmptySubsequences: false).count <= 2
        else { return nil }
        return conninfo + (conninfo.contains("?") ? "&" : "?") + "options=\(encoded)"
    }
}
