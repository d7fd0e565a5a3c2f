#if canImport(Glibc)
import Glibc
#endif
import Foundation
import LabNet
import LabNetLoopback
import LabPKI
import NIOCore
import NIOPosix
import NIOSSL
import Synchronization
import XMPPClient
import XMPPCore
import XMPPServer

/// c2s figures on real loopback TCP with TLS: message throughput between
/// pairs of virtual clients on one server, and the cost of a connected,
/// authenticated client (login rate, memory).
enum C2SBenchmark {
    static func run() async throws {
        raiseOpenFileLimit()
        print("c2s on loopback, TLS on (one server loop, clients on a second loop)")
        try await throughput(pairs: 50, messagesPerSender: 2_000)
        for (count, mechanism) in [(1_000, "PLAIN"), (9_000, "PLAIN"), (1_000, "SCRAM-SHA-256"), (9_000, "SCRAM-SHA-256")] {
            try C2SLoginBenchmark.runInChildProcess(["c2s-logins", String(count), mechanism])
        }
        print("")
    }

    /// A world: one server loop and one client loop (2 cores).
    final class World: Sendable {
        let serverGroup = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let clientGroup = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let fabric = LoopbackFabric()
        let server: VirtualServer
        let clientContext: NIOSSLContext
        let address: NetworkAddress
        /// The lab CA's root, for clients in another process.
        let caPEM: String

        init(accounts: Int) async throws {
            let ca = try LabCertificateAuthority()
            let identity = try ca.issueServerIdentity(domain: "bench.test")
            let tls = ServerTLS(configuration: ca.serverTLSConfiguration(for: identity, requestClientCertificate: false)) { _ in [] }
            let configuration = ServerConfiguration(domain: "bench.test", saslMechanisms: ["SCRAM-SHA-256", "PLAIN"], negotiationTimeout: .seconds(300))
            server = try VirtualServer(configuration: configuration, fabric: fabric, eventLoop: serverGroup.next(), tls: tls)
            for index in 0..<accounts { server.addAccount(Account(localpart: "user\(index)", password: "pw")) }
            address = try await server.start()
            clientContext = try NIOSSLContext(configuration: ca.clientTLSConfiguration(clientIdentity: nil))
            caPEM = ca.rootPEM
        }

        func client(_ index: Int, credentials: ClientCredentials, onReceive: (@Sendable (XMLElement) -> Void)? = nil) throws -> VirtualClient {
            let configuration = ClientConfiguration(
                account: try JID("user\(index)@bench.test"), credentials: credentials, resource: "r", seed: UInt64(index + 1), onReceive: onReceive
            )
            return VirtualClient(configuration: configuration, fabric: fabric, eventLoop: clientGroup.next(), tlsContext: clientContext)
        }

        func shutdown(_ clients: [VirtualClient]) async throws {
            try await server.stop()
            for client in clients { await client.disconnect() }
            try await serverGroup.shutdownGracefully()
            try await clientGroup.shutdownGracefully()
        }
    }

    /// Connects `clients` with at most `parallel` logins in flight; returns seconds taken.
    static func connectAll(_ clients: [VirtualClient], to address: NetworkAddress, parallel: Int = 64) async throws -> Double {
        let start = Stopwatch.now()
        try await withThrowingTaskGroup(of: Void.self) { group in
            var next = 0
            while next < min(parallel, clients.count) {
                let client = clients[next]
                group.addTask { try await client.connect(to: address) }
                next += 1
            }
            while try await group.next() != nil {
                if next < clients.count {
                    let client = clients[next]
                    group.addTask { try await client.connect(to: address) }
                    next += 1
                }
            }
        }
        return Stopwatch.now() - start
    }

    static func throughput(pairs: Int, messagesPerSender: Int) async throws {
        let world = try await World(accounts: pairs * 2)
        let received = Mutex(0)
        let total = pairs * messagesPerSender
        let done = world.clientGroup.next().makePromise(of: Void.self)
        let clients = try (0..<(pairs * 2)).map { index in
            try world.client(index, credentials: .plain(password: "pw")) { element in
                guard element.name == "message" else { return }
                let count = received.withLock { value -> Int in
                    value += 1
                    return value
                }
                if count == total { done.succeed(()) }
            }
        }
        _ = try await connectAll(clients, to: world.address)
        let body = String(repeating: "x", count: 100)
        let start = Stopwatch.now()
        for pair in 0..<pairs {
            let sender = clients[pair * 2]
            let target = try JID("user\(pair * 2 + 1)@bench.test/r")
            let message = makeMessage(to: target, body: body)
            sender.eventLoop.execute {
                for _ in 0..<messagesPerSender { sender.send(message) }
            }
        }
        try await done.futureResult.get()
        let seconds = Stopwatch.now() - start
        print("  messages:     \(pairs) pairs x \(messagesPerSender) chat messages (100-byte body): \(format(Double(total) / seconds, 0)) messages/s")
        try await world.shutdown(clients)
    }

    static func makeMessage(to: JID, body: String) -> XMLElement {
        var message = XMLElement(name: "message", namespace: XMLNamespace.client, attributes: [
            XMLAttribute(name: "to", value: to.description), XMLAttribute(name: "type", value: "chat"),
        ])
        message.append(XMLElement(name: "body", namespace: XMLNamespace.client, text: body))
        return message
    }

    /// Resident set size of this process, from /proc/self/statm.
    static func residentBytes() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = text.split(separator: " ")
        guard fields.count >= 2, let pages = Int(fields[1]) else { return 0 }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    static func raiseOpenFileLimit() {
        var limit = rlimit()
        getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        limit.rlim_cur = limit.rlim_max
        setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
    }
}
