import Foundation

/// libpq connection strings and URIs.
public enum Conninfo {
    /// `conninfo` with its sessions starting as `role` (`options=-c role=…`): how an
    /// administrator works as a role that cannot log in, such as a schema's owner. `nil` when a
    /// URI does not parse.
    public static func acting(as role: String, on conninfo: String) -> String? {
        let option = "-c role=\(role)"
        guard conninfo.hasPrefix("postgres://") || conninfo.hasPrefix("postgresql://") else { return "\(conninfo) options='\(option)'" }
        guard var components = URLComponents(string: conninfo), let encoded = option.addingPercentEncoding(withAllowedCharacters: .alphanumerics)
        else { return nil }
        components.percentEncodedQuery = (components.percentEncodedQuery.map { "\($0)&" } ?? "") + "options=\(encoded)"
        return components.string
    }
}
