/// One virtual server (`servers:` entry, after `defaults:` were applied).
public struct ServerSpec: Sendable, Equatable {
    public var domain: String
    /// Further domains the server hosts (`virtual_hosts:`), each with its own
    /// accounts (those of the clients on it); their s2s traffic may share
    /// streams (XEP-0220 §2.6).
    public var virtualHosts: [String]
    /// Accounts besides those the clients imply (every client with a
    /// password gets its account on its domain without being listed here).
    public var accounts: [AccountSpec]
    public var tls: TLSMode
    /// SASL mechanisms offered on c2s, in order of preference.
    public var saslMechanisms: [String]
    public var s2s: S2SMethods
    /// XEP-0198 on c2s streams.
    public var streamManagement: StreamManagementSpec
    public var resourceConflict: ResourceConflict
    public var limits: ServerLimits
    public var location: SourceLocation

    public init(
        domain: String,
        virtualHosts: [String] = [],
        accounts: [AccountSpec] = [],
        tls: TLSMode = .required,
        saslMechanisms: [String] = ["SCRAM-SHA-256", "SCRAM-SHA-1", "PLAIN"],
        s2s: S2SMethods = S2SMethods(),
        streamManagement: StreamManagementSpec = StreamManagementSpec(),
        resourceConflict: ResourceConflict = .replaceExisting,
        limits: ServerLimits = ServerLimits(),
        location: SourceLocation = .unknown
    ) {
        self.domain = domain
        self.virtualHosts = virtualHosts
        self.accounts = accounts
        self.tls = tls
        self.saslMechanisms = saslMechanisms
        self.s2s = s2s
        self.streamManagement = streamManagement
        self.resourceConflict = resourceConflict
        self.limits = limits
        self.location = location
    }
}

extension ServerSpec {
    /// Every domain the server hosts: its own, then its virtual hosts.
    public var hostedDomains: [String] { [domain] + virtualHosts }
}

public struct AccountSpec: Sendable, Equatable {
    public var username: String
    public var password: String

    public init(username: String, password: String) {
        self.username = username
        self.password = password
    }
}

/// `tls:` — whether STARTTLS is required, offered, or not offered at all.
public enum TLSMode: String, Sendable, Equatable, CaseIterable {
    case required
    case optional
    case disabled
}

/// `s2s:` — which federation methods a server uses and accepts.
public struct S2SMethods: Sendable, Equatable {
    /// TLS + SASL EXTERNAL with the domain certificate (XEP-0178).
    public var external: Bool
    /// Server Dialback (XEP-0220), alone or as fallback after EXTERNAL.
    public var dialback: Bool
    /// Bidirectional s2s (XEP-0288).
    public var bidi: Bool

    public init(external: Bool = true, dialback: Bool = true, bidi: Bool = false) {
        self.external = external
        self.dialback = dialback
        self.bidi = bidi
    }
}

/// `resource_conflict:` — RFC 6120 §7.7.2.2 policies.
public enum ResourceConflict: String, Sendable, Equatable, CaseIterable {
    /// The new session wins; the old one gets a `conflict` stream error.
    case replaceExisting = "replace-existing"
    /// The new bind is refused with a `conflict` stanza error.
    case refuseNew = "refuse-new"
    /// The server gives the new session a different resource.
    case assignDifferent = "assign-different"
}

/// `limits:` — protective limits of one server.
public struct ServerLimits: Sendable, Equatable {
    public var maxStanzaBytes: Int
    public var maxAuthAttempts: Int
    public var negotiationTimeout: Duration
    public var offlineMessages: Int
    /// XEP-0199 keepalive: ping a silent client or s2s peer after this long
    /// (`nil`: never) and drop it when nothing answers within `pingTimeout`.
    public var pingInterval: Duration?
    public var pingTimeout: Duration

    public init(
        maxStanzaBytes: Int = 262_144,
        maxAuthAttempts: Int = 3,
        negotiationTimeout: Duration = .seconds(30),
        offlineMessages: Int = 100,
        pingInterval: Duration? = .seconds(60),
        pingTimeout: Duration = .seconds(30)
    ) {
        self.maxStanzaBytes = maxStanzaBytes
        self.maxAuthAttempts = maxAuthAttempts
        self.negotiationTimeout = negotiationTimeout
        self.offlineMessages = offlineMessages
        self.pingInterval = pingInterval
        self.pingTimeout = pingTimeout
    }
}

/// A domain served outside the lab (`external:` entry): a real server on a
/// loopback address that the lab's servers federate with through the lab DNS.
public struct ExternalDomainSpec: Sendable, Equatable {
    public var domain: String
    /// Loopback address of its s2s listener.
    public var host: String
    public var s2sPort: Int
    /// Its c2s port, when lab clients should log in there (optional).
    public var c2sPort: Int?
    public var location: SourceLocation

    public init(domain: String, host: String = "127.0.0.1", s2sPort: Int, c2sPort: Int? = nil, location: SourceLocation = .unknown) {
        self.domain = domain
        self.host = host
        self.s2sPort = s2sPort
        self.c2sPort = c2sPort
        self.location = location
    }
}
