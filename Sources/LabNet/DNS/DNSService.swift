/// The two XMPP services located through SRV records (RFC 6120 §3.2.1),
/// named by their SRV Service labels (without the underscore).
public enum DNSService: String, Hashable, Sendable, CaseIterable {
    /// Client-to-server connections: `_xmpp-client._tcp.<domain>`.
    case xmppClient = "xmpp-client"
    /// Server-to-server connections: `_xmpp-server._tcp.<domain>`.
    case xmppServer = "xmpp-server"

    /// The port of the fallback process (RFC 6120 §3.2.2): the IANA-registered
    /// port of the service, 5222 for `xmpp-client` and 5269 for `xmpp-server`.
    public var defaultPort: Int {
        switch self {
        case .xmppClient: 5222
        case .xmppServer: 5269
        }
    }

    /// The SRV owner name for `domain`: `_<service>._tcp.<domain>`
    /// (RFC 2782: `_Service._Proto.Name`).
    public func srvOwnerName(for domain: DNSName) -> DNSName {
        domain.prepending("_tcp").prepending("_" + rawValue)
    }
}
