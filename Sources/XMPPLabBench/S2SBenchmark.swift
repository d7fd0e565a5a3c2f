import LabNet
import LabNetLoopback
import LabPKI
import NIOCore
import NIOPosix
import NIOSSL
import Synchronization
import XMPPClient
import XMPPCore
import XMPPProtocol
import XMPPServer

/// Federation figures on loopback with TLS: messages/s from clients of
/// alpha.test to clients of bravo.test over one s2s stream, and the time to
/// set up an s2s stream per authentication method, with and without
/// XEP-0288 bidi (which shows in the first reply: over the same stream, or
/// over a second one bravo has to set up).
enum S2SBenchmark {
    static func run() async throws {
        print("s2s on loopback, TLS on (alpha and bravo on one loop each, clients on a third)")
        try await throughput(pairs: 20, messagesPerSender: 2_000)
        let methods = [
            ("EXTERNAL", S2SPolicy(external: true, dialback: false)),
            ("dialback", S2SPolicy(external: false, dialback: true)),
            ("EXTERNAL + bidi", S2SPolicy(external: true, dialback: false, bidi: true)),
            ("dialback + bidi", S2SPolicy(external: false, dialback: true, bidi: true)),
        ]
        for (label, policy) in methods {
            try await setupTime(label: label, policy: policy, rounds: 20)
        }
        print("")
    }

    final class Federation: Sendable {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 3)
        let fabric: LoopbackFabric
        let dns: SimulatedDNS
        let alpha: VirtualServer
        let bravo: VirtualServer
        let alphaAddress: NetworkAddress
        let bravoAddress: NetworkAddress
        let clientContext: NIOSSLContext
        let clientLoop: any EventLoop

        init(accounts: Int, policy: S2SPolicy) async throws {
            let ca = try LabCertificateAuthority()
            let fabric = LoopbackFabric(), dns = SimulatedDNS(seed: 1)
            self.fabric = fabric
            self.dns = dns
            func server(_ domain: String, loop: any EventLoop) throws -> VirtualServer {
                let identity = try ca.issueServerIdentity(domain: domain)
                let tls = ServerTLS(
                    configuration: ca.serverTLSConfiguration(for: identity, requestClientCertificate: true),
                    s2sClientConfiguration: ca.clientTLSConfiguration(clientIdentity: identity)
                ) { certificate in
                    guard let identities = XMPPCertificateIdentities(peerCertificate: certificate) else { return [] }
                    return identities.xmppAddrs + identities.dnsNames
                }
                let configuration = ServerConfiguration(domain: domain, saslMechanisms: ["PLAIN"], s2s: policy)
                let server = try VirtualServer(configuration: configuration, fabric: fabric, eventLoop: loop, tls: tls, dns: dns)
                for index in 0..<accounts { server.addAccount(Account(localpart: "user\(index)", password: "pw")) }
                return server
            }
            let loops = Array(group.makeIterator())
            alpha = try server("alpha.test", loop: loops[0])
            bravo = try server("bravo.test", loop: loops[1])
            clientLoop = loops[2]
            alphaAddress = try await alpha.start()
            bravoAddress = try await bravo.start()
            try await alpha.startFederation()
            try await bravo.startFederation()
            clientContext = try NIOSSLContext(configuration: ca.clientTLSConfiguration(clientIdentity: nil))
        }

        func client(_ jid: String, onReceive: (@Sendable (XMLElement) -> Void)? = nil) throws -> VirtualClient {
            VirtualClient(
                configuration: ClientConfiguration(account: try JID(jid), credentials: .plain(password: "pw"), resource: "r", onReceive: onReceive),
                fabric: fabric, eventLoop: clientLoop, tlsContext: clientContext
            )
        }

        func shutdown(_ clients: [VirtualClient]) async throws {
            for client in clients { await client.disconnect() }
            try await alpha.stop()
            try await bravo.stop()
            try await group.shutdownGracefully()
        }
    }

    static func throughput(pairs: Int, messagesPerSender: Int) async throws {
        let world = try await Federation(accounts: pairs, policy: S2SPolicy())
        let total = pairs * messagesPerSender
        let received = Mutex(0)
        let done = world.clientLoop.makePromise(of: Void.self)
        var clients: [VirtualClient] = []
        for index in 0..<pairs {
            clients.append(try world.client("user\(index)@alpha.test"))
            clients.append(try world.client("user\(index)@bravo.test") { element in
                guard element.name == "message" else { return }
                if received.withLock({ value -> Int in value += 1; return value }) == total { done.succeed(()) }
            })
        }
        for (index, client) in clients.enumerated() {
            try await client.connect(to: index % 2 == 0 ? world.alphaAddress : world.bravoAddress)
        }
        // Warm the s2s stream with one message so setup is not timed.
        let first = clients[0]
        let warmTarget = try JID("user0@bravo.test/r")
        received.withLock { $0 -= 1 }
        first.send(C2SBenchmark.makeMessage(to: warmTarget, body: "warm"))
        while received.withLock({ $0 }) < 0 { try await Task.sleep(for: .milliseconds(1)) }
        let body = String(repeating: "x", count: 100)
        let start = Stopwatch.now()
        for pair in 0..<pairs {
            let sender = clients[pair * 2]
            let message = C2SBenchmark.makeMessage(to: try JID("user\(pair)@bravo.test/r"), body: body)
            sender.eventLoop.execute { for _ in 0..<messagesPerSender { sender.send(message) } }
        }
        try await done.futureResult.get()
        let seconds = Stopwatch.now() - start
        print("  messages:     \(pairs) pairs alpha -> bravo x \(messagesPerSender) chat messages over one s2s stream: \(format(Double(total) / seconds, 0)) messages/s")
        try await world.shutdown(clients)
    }

    /// Time from the first stanza for a new domain to its delivery there: DNS,
    /// TCP, TLS, authentication (and dialback verification) included. Then the
    /// same for the first reply, measured the same way: a second stream's setup
    /// without bidi, none with it.
    static func setupTime(label: String, policy: S2SPolicy, rounds: Int) async throws {
        var samples: [Double] = []
        var replies: [Double] = []
        for _ in 0..<rounds {
            let world = try await Federation(accounts: 1, policy: policy)
            let sender = try world.client("user0@alpha.test")
            let receiver = try world.client("user0@bravo.test")
            try await sender.connect(to: world.alphaAddress)
            try await receiver.connect(to: world.bravoAddress)
            let start = Stopwatch.now()
            sender.sendMessage(to: try JID("user0@bravo.test/r"), body: "first")
            _ = try await receiver.waitFor(timeout: .seconds(10)) { $0.name == "message" }
            samples.append(Stopwatch.now() - start)
            let replyStart = Stopwatch.now()
            receiver.sendMessage(to: try JID("user0@alpha.test/r"), body: "reply")
            _ = try await sender.waitFor(timeout: .seconds(10)) { $0.name == "message" }
            replies.append(Stopwatch.now() - replyStart)
            try await world.shutdown([sender, receiver])
        }
        samples.sort()
        replies.sort()
        print("  s2s setup:    \(label): median \(format(samples[samples.count / 2] * 1000, 2)) ms, best \(format(samples[0] * 1000, 2)) ms;"
              + " first reply median \(format(replies[replies.count / 2] * 1000, 2)) ms, best \(format(replies[0] * 1000, 2)) ms (\(rounds) fresh federations)")
    }
}
