import LabNet
import LabNetLoopback
import LabPKI
import NIOCore
import NIOPosix
import NIOSSL
import XMPPClient
import XMPPCore
import XMPPProtocol
import XMPPServer

/// A small world for one test: an event loop group, the lab CA, servers and
/// clients on real loopback TCP. `withLab` stops everything it started.
final class TestLab: @unchecked Sendable {
    static let ca: LabCertificateAuthority = try! LabCertificateAuthority()
    let group: MultiThreadedEventLoopGroup
    let fabric = LoopbackFabric(connectTimeout: .seconds(5))
    /// The lab's DNS, for federated servers.
    let dns = SimulatedDNS(seed: 7)
    private(set) var servers: [VirtualServer] = []
    private(set) var clients: [VirtualClient] = []
    private var nextSeed: UInt64 = 100

    init() {
        group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
    }

    /// Trusts the lab CA (shared by every plain client of this lab).
    lazy var clientTLSContext: NIOSSLContext = try! NIOSSLContext(configuration: Self.ca.clientTLSConfiguration(clientIdentity: nil))

    func serverTLS(domain: String) throws -> ServerTLS {
        let identity = try Self.ca.issueServerIdentity(domain: domain)
        return ServerTLS(
            configuration: Self.ca.serverTLSConfiguration(for: identity, requestClientCertificate: true),
            certificateIdentities: { certificate in
                XMPPCertificateIdentities(peerCertificate: certificate)?.xmppAddrs ?? []
            }
        )
    }

    /// TLS for a federating server: its certificate serves c2s and incoming
    /// s2s, and is presented on outgoing s2s (for EXTERNAL) unless
    /// `s2sClientIdentityDomain` names another domain (a bad certificate).
    func federatedTLS(domain: String, virtualHosts: [String] = [], s2sClientIdentityDomain: String? = nil) throws -> ServerTLS {
        let identity = try Self.ca.issueServerIdentity(domains: [domain] + virtualHosts)
        let clientIdentity = try s2sClientIdentityDomain.map { try Self.ca.issueServerIdentity(domain: $0) } ?? identity
        return ServerTLS(
            configuration: Self.ca.serverTLSConfiguration(for: identity, requestClientCertificate: true),
            s2sClientConfiguration: Self.ca.clientTLSConfiguration(clientIdentity: clientIdentity),
            certificateIdentities: { certificate in
                guard let identities = XMPPCertificateIdentities(peerCertificate: certificate) else { return [] }
                return identities.xmppAddrs + identities.dnsNames
            }
        )
    }

    /// Starts a federating server: c2s on one port, s2s on another published in the lab DNS.
    func startFederatedServer(
        _ domain: String,
        virtualHosts: [String] = [],
        policy: S2SPolicy = S2SPolicy(),
        s2sClientIdentityDomain: String? = nil,
        accounts: [String: String] = ["alice": "alice-pw", "bob": "bob-pw", "carol": "carol-pw"]
    ) async throws -> (VirtualServer, NetworkAddress) {
        let configuration = ServerConfiguration(domain: domain, virtualHosts: virtualHosts, seed: seed(), s2s: policy)
        let server = try VirtualServer(
            configuration: configuration, fabric: fabric, eventLoop: group.next(),
            tls: try federatedTLS(domain: domain, virtualHosts: virtualHosts, s2sClientIdentityDomain: s2sClientIdentityDomain), dns: dns
        )
        for host in configuration.hostedDomains {
            for (localpart, password) in accounts { try server.addAccount(Account(localpart: localpart, password: password), domain: host) }
        }
        let address = try await server.start()
        try await server.startFederation()
        servers.append(server)
        return (server, address)
    }

    /// Starts a server for `domain` with `accounts` (local part: password).
    func startServer(
        _ domain: String = "alpha.test",
        accounts: [String: String] = ["alice": "alice-pw", "bob": "bob-pw", "carol": "carol-pw"],
        configure: (inout ServerConfiguration) -> Void = { _ in }
    ) async throws -> (VirtualServer, NetworkAddress) {
        var configuration = ServerConfiguration(domain: domain, seed: seed(), scramIterations: 4096)
        configure(&configuration)
        let server = try VirtualServer(
            configuration: configuration, fabric: fabric, eventLoop: group.next(),
            tls: try serverTLS(domain: domain)
        )
        for (localpart, password) in accounts { server.addAccount(Account(localpart: localpart, password: password)) }
        let address = try await server.start()
        servers.append(server)
        return (server, address)
    }

    func client(
        _ jid: String,
        credentials: ClientCredentials,
        tls: TLSPolicy = .required,
        resource: String? = nil,
        tlsContext: NIOSSLContext? = nil,
        streamManagement: StreamManagementPolicy = .disabled,
        receiveBufferLimit: Int = 10_000
    ) throws -> VirtualClient {
        let configuration = ClientConfiguration(
            account: try JID(jid), credentials: credentials, tls: tls, resource: resource, seed: seed(),
            receiveBufferLimit: receiveBufferLimit, streamManagement: streamManagement)
        let client = VirtualClient(configuration: configuration, fabric: fabric, eventLoop: group.next(), tlsContext: tlsContext ?? clientTLSContext)
        clients.append(client)
        return client
    }

    /// A connected client of `alice@alpha.test`-style accounts with password "<local>-pw" over SCRAM-SHA-256.
    func connected(
        _ jid: String, at address: NetworkAddress, resource: String? = nil, password: String? = nil,
        streamManagement: StreamManagementPolicy = .disabled, receiveBufferLimit: Int = 10_000
    ) async throws -> VirtualClient {
        let local = String(jid.prefix { $0 != "@" })
        let client = try client(
            jid, credentials: .scramSHA256(password: password ?? local + "-pw"), resource: resource,
            streamManagement: streamManagement, receiveBufferLimit: receiveBufferLimit)
        try await client.connect(to: address)
        return client
    }

    private func seed() -> UInt64 {
        nextSeed += 1
        return nextSeed
    }

    func shutdown() async {
        for client in clients { await client.disconnect() }
        for server in servers { try? await server.stop() }
        try? await group.shutdownGracefully()
    }
}

/// Runs `body` with a fresh lab and stops everything afterwards, also when it throws.
func withLab<T>(_ body: (TestLab) async throws -> T) async throws -> T {
    let lab = TestLab()
    do {
        let result = try await body(lab)
        await lab.shutdown()
        return result
    } catch {
        await lab.shutdown()
        throw error
    }
}

extension XMLElement {
    var isMessage: Bool { name == "message" }
    var isPresence: Bool { name == "presence" }
    var type: String? { self[attribute: "type"] }
    var from: String? { self[attribute: "from"] }
    var to: String? { self[attribute: "to"] }
    var body: String? { child("body", namespace: XMLNamespace.client)?.text }
}
