import XMPPCore

/// How one stream pings its peer to keep it alive (XEP-0199 §4.1–§4.3:
/// server to client, client to server, server to server).
public struct KeepaliveConfiguration: Hashable, Sendable {
    /// Send a ping after this much silence from the peer; `nil` disables the
    /// keepalive, and so does a value that is not positive (a ping every
    /// 0 s would never stop).
    public var interval: Duration?
    /// Declare the peer dead when a ping is not answered within this long
    /// (and nothing else arrived meanwhile).
    public var timeout: Duration
    /// The ping's `to`: the peer's JID or domain, as written on the wire.
    public var to: String
    /// The ping's `from`, when the stream needs one (server to server, and
    /// server to client); a client may leave it out for its server to stamp.
    public var from: String?
    /// Ping ids are this prefix followed by a counter from 1: `ping-1`,
    /// `ping-2`, … (unique on the stream, and the same on every run).
    public var idPrefix: String
    /// The stanza namespace of the stream: `jabber:client` or `jabber:server`.
    public var stanzaNamespace: String

    public init(
        to: String,
        from: String? = nil,
        interval: Duration? = .seconds(60),
        timeout: Duration = .seconds(30),
        idPrefix: String = "ping-",
        stanzaNamespace: String = XMLNamespace.client
    ) {
        self.to = to
        self.from = from
        self.interval = interval
        self.timeout = timeout
        self.idPrefix = idPrefix
        self.stanzaNamespace = stanzaNamespace
    }

    /// The idle interval when the keepalive is on.
    public var enabledInterval: Duration? {
        guard let interval, interval > .zero else { return nil }
        return interval
    }
}
