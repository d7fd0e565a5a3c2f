import XMPPCore
import XMPPProtocol

/// How a virtual client authenticates.
public enum ClientCredentials: Sendable, Hashable {
    case plain(password: String)
    case scramSHA1(password: String)
    case scramSHA256(password: String)
    /// SASL ANONYMOUS: the server makes up a local part.
    case anonymous
    /// SASL EXTERNAL with the client certificate in the TLS context.
    case external

    /// A fresh client-side mechanism for one login.
    func mechanism(username: String?, random: inout SeededGenerator) -> any SASLClientMechanism {
        switch self {
        case .plain(let password):
            SASLPlainClient(username: username ?? "", password: password)
        case .scramSHA1(let password):
            SASLScramClient(hash: .sha1, username: username ?? "", password: password, random: &random)
        case .scramSHA256(let password):
            SASLScramClient(hash: .sha256, username: username ?? "", password: password, random: &random)
        case .anonymous:
            SASLAnonymousClient()
        case .external:
            SASLExternalClient(authzid: nil)
        }
    }
}

/// Everything that makes one virtual client what it is.
public struct ClientConfiguration: Sendable {
    /// The account's bare JID (just the domain for ANONYMOUS).
    public var account: JID
    public var credentials: ClientCredentials
    public var tls: TLSPolicy
    /// The resource to ask for; `nil` lets the server choose.
    public var resource: String?
    /// Seed for the client's random choices (SCRAM nonces, stanza ids).
    public var seed: UInt64
    /// Received stanzas kept for `waitFor` until consumed; beyond this the
    /// oldest unconsumed one is dropped and counted in `overflowCount`.
    public var receiveBufferLimit: Int
    /// When set, every received stanza goes to this closure (on the
    /// client's event loop) instead of the buffer `waitFor` reads: for load
    /// clients that only count.
    public var onReceive: (@Sendable (XMLElement) -> Void)?
    /// When set, sees every element `send` is given, before it is sent
    /// (for traces).
    public var onSend: (@Sendable (XMLElement) -> Void)?
    /// XEP-0198: enable stream management (and resumption) when the server
    /// offers it; `reconnect` then resumes the session.
    public var streamManagement: StreamManagementPolicy
    /// XEP-0199 pings to the server when it is silent; no answer in time
    /// drops the connection (a network failure: `reconnect` may resume).
    public var keepalive: KeepalivePolicy

    public init(
        account: JID,
        credentials: ClientCredentials,
        tls: TLSPolicy = .required,
        resource: String? = nil,
        seed: UInt64 = 1,
        receiveBufferLimit: Int = 10_000,
        onReceive: (@Sendable (XMLElement) -> Void)? = nil,
        onSend: (@Sendable (XMLElement) -> Void)? = nil,
        streamManagement: StreamManagementPolicy = .disabled,
        keepalive: KeepalivePolicy = .disabled
    ) {
        self.account = account
        self.credentials = credentials
        self.tls = tls
        self.resource = resource
        self.seed = seed
        self.receiveBufferLimit = receiveBufferLimit
        self.onReceive = onReceive
        self.onSend = onSend
        self.streamManagement = streamManagement
        self.keepalive = keepalive
    }
}
