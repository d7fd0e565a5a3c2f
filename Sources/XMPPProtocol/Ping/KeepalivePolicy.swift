import XMPPCore

/// When an entity pings a silent peer (XEP-0199) and how long it waits for
/// the answer before declaring the connection dead.
public struct KeepalivePolicy: Hashable, Sendable {
    /// Ping after this much silence; `nil` turns the keepalive off.
    public var interval: Duration?
    /// Declare the peer dead when nothing answers within this long.
    public var timeout: Duration

    public init(interval: Duration? = .seconds(60), timeout: Duration = .seconds(30)) {
        self.interval = interval
        self.timeout = timeout
    }

    public static let disabled = KeepalivePolicy(interval: nil)

    public var isEnabled: Bool { KeepaliveConfiguration(to: "", interval: interval).enabledInterval != nil }

    /// The machine's configuration for a stream to `to`.
    public func configuration(to: String, from: String?, namespace: String = XMLNamespace.client) -> KeepaliveConfiguration {
        KeepaliveConfiguration(to: to, from: from, interval: interval, timeout: timeout, stanzaNamespace: namespace)
    }
}
