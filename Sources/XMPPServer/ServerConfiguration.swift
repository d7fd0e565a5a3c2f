import Foundation
import NIOSSL
import XMPPCore
import XMPPNIO
import XMPPProtocol

/// Everything that makes one virtual server what it is.
public struct ServerConfiguration: Sendable {
    /// The XMPP domain (e.g. `alpha.test`).
    public var domain: String
    /// Further domains the same server hosts (virtual hosts), each with its
    /// own accounts, served on the same listeners and named in the same
    /// certificate. Their s2s traffic may share streams (XEP-0220 §2.6).
    public var virtualHosts: [String]
    /// STARTTLS policy for c2s streams.
    public var tls: TLSPolicy
    /// SASL mechanisms offered, in order of preference.
    public var saslMechanisms: [String]
    /// Failed SASL attempts before the stream closes (RFC 6120 §6.4.5).
    public var maxAuthenticationAttempts: Int
    /// What happens when a client binds a resource already in use.
    public var resourceConflictPolicy: ResourceConflictPolicy
    /// Time allowed from TCP connect to a bound resource.
    public var negotiationTimeout: Duration
    /// Parser limits per connection (stanza size, nesting depth).
    public var parserLimits: XMLStreamParser.Limits
    /// Largest number of messages kept for one account while it is offline;
    /// beyond it new messages are bounced with `resource-constraint`
    /// (RFC 6121 §8.5.2.2.1 lets a server cap storage; nothing vanishes).
    public var offlineMessageLimit: Int
    /// Seed for every random choice the server makes (stream ids, resources,
    /// SCRAM nonces and salts, anonymous names).
    public var seed: UInt64
    /// The wall-clock time that `eventLoop.now` at `start()` stands for, used
    /// for XEP-0203 delay stamps (time itself comes from the event loop).
    public var epoch: Date
    /// PBKDF2 iterations for SCRAM credentials (RFC 7677 asks for at least 4096).
    public var scramIterations: Int
    /// How s2s streams are secured and authenticated (used when the server
    /// is given a DNS to federate through).
    public var s2s: S2SPolicy
    /// XEP-0198 on c2s streams: offered, resumable, for how long.
    public var streamManagement: StreamManagementPolicy
    /// XEP-0199 pings to silent clients; one that does not answer is
    /// disconnected (its session kept for resumption when it has one).
    public var keepalive: KeepalivePolicy
    /// Whether stanzas the server accepted but had not delivered yet (in
    /// stream-management queues, hibernating sessions and s2s queues)
    /// survive a crash, as on a server that journals them: routed again at
    /// restart. `false` models a server that loses them with its memory.
    public var durableQueues: Bool
    /// Watches every connection of the server, c2s and s2s (a recording);
    /// nil: nothing watches.
    public var observing: (any StreamObserving)?

    public init(
        domain: String,
        virtualHosts: [String] = [],
        tls: TLSPolicy = .required,
        saslMechanisms: [String] = ["SCRAM-SHA-256", "SCRAM-SHA-1", "PLAIN", "EXTERNAL"],
        maxAuthenticationAttempts: Int = 3,
        resourceConflictPolicy: ResourceConflictPolicy = .replaceExisting,
        negotiationTimeout: Duration = .seconds(30),
        parserLimits: XMLStreamParser.Limits = .init(),
        offlineMessageLimit: Int = 1000,
        seed: UInt64 = 1,
        epoch: Date = Date(timeIntervalSince1970: 1_767_225_600),
        scramIterations: Int = 4096,
        s2s: S2SPolicy = S2SPolicy(),
        streamManagement: StreamManagementPolicy = StreamManagementPolicy(),
        keepalive: KeepalivePolicy = KeepalivePolicy(),
        durableQueues: Bool = true,
        observing: (any StreamObserving)? = nil
    ) {
        self.domain = domain
        self.virtualHosts = virtualHosts
        self.tls = tls
        self.saslMechanisms = saslMechanisms
        self.maxAuthenticationAttempts = maxAuthenticationAttempts
        self.resourceConflictPolicy = resourceConflictPolicy
        self.negotiationTimeout = negotiationTimeout
        self.parserLimits = parserLimits
        self.offlineMessageLimit = offlineMessageLimit
        self.seed = seed
        self.epoch = epoch
        self.scramIterations = scramIterations
        self.s2s = s2s
        self.streamManagement = streamManagement
        self.keepalive = keepalive
        self.durableQueues = durableQueues
        self.observing = observing
    }
}

extension ServerConfiguration {
    /// Every domain the server hosts: its own first, then its virtual hosts.
    public var hostedDomains: [String] { [domain] + virtualHosts }
}

/// RFC 6120 §7.7.2.2: what to do when a resource being bound is in use.
public enum ResourceConflictPolicy: String, Sendable, CaseIterable {
    /// The new session wins; the old one gets a `conflict` stream error (the default).
    case replaceExisting = "replace-existing"
    /// The new bind request fails with a `conflict` stanza error.
    case refuseNew = "refuse-new"
    /// The new session gets a server-generated resource instead.
    case assignDifferent = "assign-different"
}

/// The server's TLS identity and how it reads client certificates.
public struct ServerTLS: Sendable {
    /// The server's TLS configuration (certificate chain, key, trusted roots
    /// for client certificates).
    public var configuration: TLSConfiguration
    /// The identities (JIDs, domains) a verified client certificate asserts.
    public var certificateIdentities: @Sendable (NIOSSLCertificate) -> [String]
    /// For outgoing s2s streams: trusts the peers' CA and presents this
    /// server's certificate (for SASL EXTERNAL). `nil`: no TLS on outgoing s2s.
    public var s2sClientConfiguration: TLSConfiguration?

    public init(
        configuration: TLSConfiguration,
        s2sClientConfiguration: TLSConfiguration? = nil,
        certificateIdentities: @escaping @Sendable (NIOSSLCertificate) -> [String]
    ) {
        self.configuration = configuration
        self.s2sClientConfiguration = s2sClientConfiguration
        self.certificateIdentities = certificateIdentities
    }
}
