/// One session of a local account, as the delivery rules of RFC 6121 §8.5
/// need to see it.
///
/// A *connected resource* has bound a resource (RFC 6120 §7); it is an
/// *available resource* once it has sent initial presence and until it
/// sends unavailable presence (RFC 6121 §4.2, §4.5). Only available
/// resources have a meaningful presence priority.
public struct ConnectedResource: Hashable, Sendable {
    /// The resourcepart of the session's full JID.
    public var resource: String
    /// The `<priority/>` of the resource's last available presence
    /// (RFC 6121 §4.7.2.3); 0 when it gave none.
    public var priority: Int8
    /// Whether the resource has sent initial presence and not since become
    /// unavailable.
    public var isAvailable: Bool

    public init(_ resource: String, priority: Int8 = 0, isAvailable: Bool = true) {
        self.resource = resource
        self.priority = priority
        self.isAvailable = isAvailable
    }
}
