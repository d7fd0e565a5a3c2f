import LabNet
import Logging
import NIOCore
import NIOSSL
import XMPPCore
import XMPPNIO
import XMPPProtocol

/// One virtual XMPP server: a domain, its accounts and sessions, listening
/// for clients through a network fabric. Any number can run in one process.
///
/// All of the server's state lives on its event loop; the public methods
/// here hop onto it and may be called from anywhere.
public final class VirtualServer: @unchecked Sendable {
    public let configuration: ServerConfiguration
    public let eventLoop: any EventLoop
    /// The accounts of the server's own domain.
    public let accounts: any AccountStore
    /// The accounts of every hosted domain (its own and its virtual hosts).
    public let accountsByDomain: [String: any AccountStore]
    let fabric: any NetworkFabric
    let tls: ServerTLS?
    let sslContext: NIOSSLContext?
    // Confined to `eventLoop`.
    let core: ServerCore
    private var listener: (any NetworkListener)?
    private var s2sListener: (any NetworkListener)?
    /// The simulated DNS this server federates through (`nil`: no federation).
    public let dns: SimulatedDNS?
    /// Drawn once from the server's seed: SCRAM's made-up salts for unknown users.
    private let saslSaltSecret: [UInt8]

    public var domain: String { configuration.domain }

    public init(
        configuration: ServerConfiguration,
        fabric: any NetworkFabric,
        eventLoop: any EventLoop,
        tls: ServerTLS?,
        dns: SimulatedDNS? = nil,
        accounts: (any AccountStore)? = nil,
        logger: Logger? = nil
    ) throws {
        self.configuration = configuration
        self.fabric = fabric
        self.eventLoop = eventLoop
        self.tls = tls
        self.sslContext = try tls.map { try NIOSSLContext(configuration: $0.configuration) }
        let accounts = accounts ?? InMemoryAccountStore(seed: configuration.seed &+ 1, scramIterations: configuration.scramIterations)
        self.accounts = accounts
        var accountsByDomain: [String: any AccountStore] = [configuration.domain: accounts]
        for (index, host) in configuration.virtualHosts.enumerated() {
            accountsByDomain[host] = InMemoryAccountStore(
                seed: configuration.seed &+ 2 &+ UInt64(index), scramIterations: configuration.scramIterations)
        }
        self.accountsByDomain = accountsByDomain
        let logger = logger ?? Logger(label: "xmpplab.server.\(configuration.domain)")
        let core = try ServerCore(configuration: configuration, eventLoop: eventLoop, accounts: accountsByDomain, logger: logger)
        self.saslSaltSecret = (0..<32).map { _ in UInt8.random(in: 0...255, using: &core.random) }
        self.dns = dns
        if let dns {
            var identities: @Sendable (NIOSSLCertificate) -> [String] = { _ in [] }
            if let tls { identities = tls.certificateIdentities }
            core.s2s = S2SManager(
                core: core, fabric: fabric, dns: dns, policy: configuration.s2s,
                secret: DialbackSecret.make(using: &core.random),
                outgoingTLS: try tls?.s2sClientConfiguration.map { try NIOSSLContext(configuration: $0) },
                incomingTLS: ServerStreamTLS(context: sslContext, certificateIdentities: identities)
            )
        }
        self.core = core
    }

    /// Adds (or replaces) an account of the server's own domain.
    public func addAccount(_ account: Account) {
        accounts.add(account)
    }

    /// Adds (or replaces) an account of `domain`, the server's own or one of its virtual hosts.
    public func addAccount(_ account: Account, domain: String) throws(VirtualServerError) {
        guard let store = accountsByDomain[domain] else { throw .domainNotHosted(domain) }
        store.add(account)
    }

    /// Starts listening on `address` (port 0: any free port) and returns the bound address.
    public func start(on address: NetworkAddress = .anyLoopbackPort) async throws -> NetworkAddress {
        let initializer: @Sendable (any Channel) -> EventLoopFuture<Void> = { channel in
            channel.eventLoop.makeCompletedFuture { try self.configureConnection(channel) }
        }
        let listener = try await fabric.listen(on: address, eventLoop: eventLoop, childChannelInitializer: initializer).get()
        try await eventLoop.submit {
            self.core.startedAt = self.eventLoop.now
            self.listener = listener
            // After a crash: what was accepted and not delivered goes on its way again.
            self.core.eventLoop.assumeIsolated().execute { self.core.routeCrashSurvivors() }
        }.get()
        return listener.address
    }

    /// Starts the s2s listener (for servers given a DNS) and publishes it in
    /// the DNS: `_xmpp-server._tcp.<domain>` pointing at it and the domain's
    /// own address. Returns the bound address.
    @discardableResult
    public func startFederation(on address: NetworkAddress = .anyLoopbackPort) async throws -> NetworkAddress {
        guard let dns else { throw VirtualServerError.federationNotConfigured(domain: domain) }
        let initializer: @Sendable (any Channel) -> EventLoopFuture<Void> = { channel in
            channel.eventLoop.makeCompletedFuture {
                guard let s2s = self.core.s2s else { return }
                try s2s.accepted(channel, random: self.core.random.split())
            }
        }
        let listener = try await fabric.listen(on: address, eventLoop: eventLoop, childChannelInitializer: initializer).get()
        try await eventLoop.submit { self.s2sListener = listener }.get()
        // Each hosted domain points at the one listener, under its own name.
        for hosted in configuration.hostedDomains {
            dns.setSRVRecords(
                [SRVRecord(priority: 0, weight: 0, port: listener.address.port, target: hosted)],
                service: .xmppServer, domain: hosted
            )
            dns.setAddresses([listener.address.host], host: hosted)
        }
        return listener.address
    }

    /// The s2s listener's address, once federation started.
    public var s2sAddress: NetworkAddress? {
        get async { try? await eventLoop.submit { self.s2sListener?.address }.get() }
    }

    /// The address the server listens on, once started.
    public var address: NetworkAddress? {
        get async { try? await eventLoop.submit { self.listener?.address }.get() }
    }

    /// Sets up an accepted connection (on the event loop).
    private func configureConnection(_ channel: any Channel) throws {
        let machine = C2SServerStream(configuration: c2sConfiguration, random: core.random.split())
        var identities: @Sendable (NIOSSLCertificate) -> [String] = { _ in [] }
        if let tls { identities = tls.certificateIdentities }
        let handlerTLS = ServerStreamTLS(context: sslContext, certificateIdentities: identities)
        let handler = C2SServerHandler(machine: machine, parserLimits: configuration.parserLimits, tls: handlerTLS)
        handler.observing = configuration.observing.map { ($0, domain) }
        try channel.pipeline.syncOperations.addHandler(handler)
        core.accepted(handler)
    }

    private var c2sConfiguration: C2SServerConfiguration {
        C2SServerConfiguration(
            domain: configuration.domain,
            virtualHosts: accountsByDomain.filter { $0.key != configuration.domain },
            tls: sslContext == nil ? .disabled : configuration.tls,
            sasl: SASLServerMechanisms(enabled: configuration.saslMechanisms),
            credentials: accounts,
            maxAuthenticationAttempts: configuration.maxAuthenticationAttempts,
            negotiationTimeout: configuration.negotiationTimeout,
            postAuthenticationFeatures: [RosterVersioning.feature]
                + (configuration.streamManagement.enabled ? [SMElement.feature.element] : []),
            saslSaltSecret: saslSaltSecret
        )
    }

    /// Graceful stop: stop accepting, close every stream with
    /// `system-shutdown` (clients see unavailable presence of their
    /// contacts first), and wait until every connection is closed.
    public func stop() async throws {
        let channels: [any Channel] = try await eventLoop.submit {
            let sessions = Array(self.core.connections.values)
            // Hibernating sessions end now: what they hold is routed (offline) before the stop.
            for session in sessions where session.isHibernating { self.core.sessionEnded(session) }
            for session in sessions { session.handler?.close(StreamError(.systemShutdown)) }
            self.core.s2s?.closeAll(abruptly: false)
            return sessions.compactMap { $0.handler?.channel }
        }.get()
        try? await listener?.close().get()
        try? await s2sListener?.close().get()
        for channel in channels { try? await channel.closeFuture.get() }
        try await eventLoop.submit {
            self.listener = nil
            self.s2sListener = nil
        }.get()
    }

    /// Abrupt stop, as a crash: stop accepting and reset every connection at
    /// once; no stream error, no presence (the server is "dead"); its state
    /// (rosters, offline messages) survives for a restart.
    public func crash() async throws {
        let channels: [any Channel] = try await eventLoop.submit {
            let sessions = Array(self.core.connections.values)
            let channels = sessions.compactMap { $0.handler?.channel }
            self.core.crash()
            self.core.s2s?.closeAll(abruptly: true)
            return channels
        }.get()
        try? await listener?.close().get()
        try? await s2sListener?.close().get()
        for channel in channels { fabric.abort(channel) }
        for channel in channels { try? await channel.closeFuture.get() }
        try await eventLoop.submit {
            self.listener = nil
            self.s2sListener = nil
        }.get()
    }

    /// Resets every s2s connection of this server at once (a network fault
    /// between servers, not a crash): its streams to and from other domains
    /// break and are made again when next needed.
    public func resetFederation() async throws {
        try await eventLoop.submit { self.core.s2s?.resetConnections() }.get()
    }

    /// Open connections (bound or not) and bound sessions.
    public func connectionCounts() async throws -> (connections: Int, sessions: Int) {
        try await eventLoop.submit {
            (self.core.connections.values.count { !$0.isHibernating }, self.core.registry.count)
        }.get()
    }

    /// The s2s streams this server holds now (empty without federation).
    public func federationStatus() async throws -> FederationStatus {
        try await eventLoop.submit { self.core.s2s?.status ?? FederationStatus(outgoing: [], incoming: []) }.get()
    }

    /// The full JIDs bound for `account`.
    public func boundResources(of account: JID) async throws -> [JID] {
        try await eventLoop.submit {
            self.core.registry.sessions(of: account.bare).values.compactMap(\.jid).sorted { $0.description < $1.description }
        }.get()
    }

    /// Stanzas dropped where RFC 6121 says "silently ignore" (most recent last).
    public func ignoredStanzas() async throws -> [(stanza: XMLElement, reason: String)] {
        try await eventLoop.submit { self.core.ignoredStanzas }.get()
    }
}
