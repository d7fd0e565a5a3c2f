import LabNet
import LabPKI
import Logging
import NIOCore
import Synchronization
import Topology
import XMPPCore
import XMPPNIO
import XMPPProtocol
import XMPPServer

/// One virtual server of the lab and the ports it keeps across crashes.
final class LabServer: Sendable {
    let spec: ServerSpec
    let server: VirtualServer
    private let addresses = Mutex<(c2s: NetworkAddress?, s2s: NetworkAddress?, running: Bool)>((nil, nil, false))

    init(
        spec: ServerSpec, seed: UInt64, ca: LabCertificateAuthority, fabric: any NetworkFabric, eventLoop: any EventLoop,
        dns: SimulatedDNS, observing: (any StreamObserving)? = nil
    ) throws {
        self.spec = spec
        let identity = try ca.issueServerIdentity(domains: spec.hostedDomains)
        let tls = ServerTLS(
            configuration: ca.serverTLSConfiguration(for: identity, requestClientCertificate: true),
            s2sClientConfiguration: ca.clientTLSConfiguration(clientIdentity: identity),
            certificateIdentities: { certificate in
                guard let identities = XMPPCertificateIdentities(peerCertificate: certificate) else { return [] }
                return identities.xmppAddrs + identities.dnsNames
            }
        )
        var logger = Logger(label: "xmpplab.server.\(spec.domain)")
        logger.logLevel = .warning
        var configuration = Self.configuration(spec, seed: seed)
        configuration.observing = observing
        server = try VirtualServer(
            configuration: configuration, fabric: fabric, eventLoop: eventLoop,
            tls: tls, dns: dns, logger: logger
        )
        for account in spec.accounts {
            server.addAccount(Account(localpart: account.username, password: account.password))
        }
    }

    static func configuration(_ spec: ServerSpec, seed: UInt64) -> ServerConfiguration {
        let tls = TLSPolicy(rawValue: spec.tls.rawValue) ?? .required
        var limits = XMLStreamParser.Limits()
        limits.maxStanzaBytes = spec.limits.maxStanzaBytes
        let keepalive = KeepalivePolicy(interval: spec.limits.pingInterval, timeout: spec.limits.pingTimeout)
        return ServerConfiguration(
            domain: spec.domain,
            virtualHosts: spec.virtualHosts,
            tls: tls,
            saslMechanisms: spec.saslMechanisms,
            maxAuthenticationAttempts: spec.limits.maxAuthAttempts,
            resourceConflictPolicy: ResourceConflictPolicy(rawValue: spec.resourceConflict.rawValue) ?? .replaceExisting,
            negotiationTimeout: spec.limits.negotiationTimeout,
            parserLimits: limits,
            offlineMessageLimit: spec.limits.offlineMessages,
            seed: seed,
            s2s: S2SPolicy(
                tls: tls, external: spec.s2s.external, dialback: spec.s2s.dialback, bidi: spec.s2s.bidi, keepalive: keepalive),
            streamManagement: streamManagement(spec.streamManagement),
            keepalive: keepalive
        )
    }

    static func streamManagement(_ spec: StreamManagementSpec) -> StreamManagementPolicy {
        guard spec.enabled else { return .disabled }
        return StreamManagementPolicy(
            enabled: true, resumption: spec.resumption, resumeTimeout: spec.resumeTimeout,
            ackPolicy: AckPolicy(every: spec.ackEvery, after: spec.ackAfter), maxUnacknowledged: spec.maxUnacknowledged
        )
    }

    var domain: String { spec.domain }
    var c2sAddress: NetworkAddress? { addresses.withLock { $0.c2s } }
    var s2sAddress: NetworkAddress? { addresses.withLock { $0.s2s } }
    var isRunning: Bool { addresses.withLock { $0.running } }

    /// Starts (or restarts, on the same ports) the c2s and s2s listeners.
    func start() async throws {
        let (c2s, s2s) = addresses.withLock { ($0.c2s, $0.s2s) }
        let c2sBound = try await server.start(on: c2s ?? .anyLoopbackPort)
        let s2sBound = try await server.startFederation(on: s2s ?? .anyLoopbackPort)
        addresses.withLock { $0 = (c2sBound, s2sBound, true) }
    }

    func crash() async throws {
        addresses.withLock { $0.running = false }
        try await server.crash()
    }

    func stop() async throws {
        addresses.withLock { $0.running = false }
        try await server.stop()
    }
}
