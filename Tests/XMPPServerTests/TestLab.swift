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
        tlsContext: NIOSSLContext? = nil
    ) throws -> VirtualClient {
        let configuration = ClientConfiguration(account: try JID(jid), credentials: credentials, tls: tls, resource: resource, seed: seed())
        let client = VirtualClient(configuration: configuration, fabric: fabric, eventLoop: group.next(), tlsContext: tlsContext ?? clientTLSContext)
        clients.append(client)
        return client
    }

    /// A connected client of `alice@alpha.test`-style accounts with password "<local>-pw" over SCRAM-SHA-256.
    func connected(_ jid: String, at address: NetworkAddress, resource: String? = nil, password: String? = nil) async throws -> VirtualClient {
        let local = String(jid.prefix { $0 != "@" })
        let client = try client(jid, credentials: .scramSHA256(password: password ?? local + "-pw"), resource: resource)
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
