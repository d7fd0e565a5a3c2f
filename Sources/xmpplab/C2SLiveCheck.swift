import LabNet
import LabNetLoopback
import LabPKI
import NIOCore
import NIOPosix
import NIOSSL
import XMPPClient
import XMPPCore
import XMPPServer

/// Until the lab runs topologies, `make run` shows the c2s stack working for
/// real: one virtual server on loopback with a certificate from the lab CA,
/// two virtual clients over STARTTLS + SCRAM-SHA-256, a mutual presence
/// subscription and a message each way. Everything it starts, it stops.
enum C2SLiveCheck {
    static func run() async throws {
        print("")
        print("Live check (c2s on loopback, TLS + SCRAM-SHA-256):")
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
        let fabric = LoopbackFabric()
        let ca = try LabCertificateAuthority()
        let identity = try ca.issueServerIdentity(domain: "alpha.test")
        let tls = ServerTLS(configuration: ca.serverTLSConfiguration(for: identity, requestClientCertificate: true)) { certificate in
            XMPPCertificateIdentities(peerCertificate: certificate)?.xmppAddrs ?? []
        }
        let server = try VirtualServer(configuration: ServerConfiguration(domain: "alpha.test"), fabric: fabric, eventLoop: group.next(), tls: tls)
        server.addAccount(Account(localpart: "alice", password: "alice-pw"))
        server.addAccount(Account(localpart: "bob", password: "bob-pw"))
        let clientContext = try NIOSSLContext(configuration: ca.clientTLSConfiguration(clientIdentity: nil))
        var clients: [VirtualClient] = []
        do {
            let address = try await server.start()
            print("  server alpha.test listening on \(address)")
            for (index, name) in ["alice", "bob"].enumerated() {
                let configuration = ClientConfiguration(
                    account: try JID("\(name)@alpha.test"), credentials: .scramSHA256(password: "\(name)-pw"),
                    resource: "cli", seed: UInt64(index + 1)
                )
                let client = VirtualClient(configuration: configuration, fabric: fabric, eventLoop: group.next(), tlsContext: clientContext)
                let jid = try await client.connect(to: address)
                print("  \(jid) logged in")
                client.sendPresence()
                clients.append(client)
            }
            let (alice, bob) = (clients[0], clients[1])
            alice.subscribe(to: try JID("bob@alpha.test"))
            _ = try await bob.waitFor { $0.name == "presence" && $0[attribute: "type"] == "subscribe" }
            bob.approveSubscription(from: try JID("alice@alpha.test"))
            let seen = try await alice.waitFor { $0.name == "presence" && $0[attribute: "from"] == "bob@alpha.test/cli" && $0[attribute: "type"] == nil }
            print("  alice subscribed to bob and sees his presence from \(seen[attribute: "from"] ?? "?")")
            alice.sendMessage(to: try JID("bob@alpha.test"), body: "hello bob")
            let message = try await bob.waitFor { $0.name == "message" }
            print("  bob received \"\(message.child("body", namespace: XMLNamespace.client)?.text ?? "")\" from \(message[attribute: "from"] ?? "?")")
            try await alice.ping()
            print("  ping answered; stopping")
        } catch {
            print("  FAILED: \(error)")
            await shutdown(clients, server, group)
            throw error
        }
        await shutdown(clients, server, group)
    }

    private static func shutdown(_ clients: [VirtualClient], _ server: VirtualServer, _ group: MultiThreadedEventLoopGroup) async {
        for client in clients { await client.disconnect() }
        try? await server.stop()
        try? await group.shutdownGracefully()
    }
}
