#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Lab
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

/// c2s figures on real loopback TCP with TLS: message throughput between
/// pairs of virtual clients on one server (XEP-0198 stream management off
/// and on), and the cost of a connected, authenticated client (login rate,
/// memory).
enum C2SBenchmark {
    static func run() async throws {
        raiseOpenFileLimit()
        print("c2s on loopback, TLS on (one server loop, clients on a second loop)")
        try await streamManagementComparison()
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

        init(accounts: Int, streamManagement: StreamManagementPolicy = StreamManagementPolicy()) async throws {
            let ca = try LabCertificateAuthority()
            let identity = try ca.issueServerIdentity(domain: "bench.test")
            let tls = ServerTLS(configuration: ca.serverTLSConfiguration(for: identity, requestClientCertificate: false)) { _ in [] }
            let configuration = ServerConfiguration(
                domain: "bench.test", saslMechanisms: ["SCRAM-SHA-256", "PLAIN"], negotiationTimeout: .seconds(300),
                streamManagement: streamManagement
            )
            server = try VirtualServer(configuration: configuration, fabric: fabric, eventLoop: serverGroup.next(), tls: tls)
            for index in 0..<accounts { server.addAccount(Account(localpart: "user\(index)", password: "pw")) }
            address = try await server.start()
            clientContext = try NIOSSLContext(configuration: ca.clientTLSConfiguration(clientIdentity: nil))
            caPEM = ca.rootPEM
        }

        func client(
            _ index: Int, credentials: ClientCredentials, streamManagement: StreamManagementPolicy = .disabled,
            onReceive: (@Sendable (XMLElement) -> Void)? = nil
        ) throws -> VirtualClient {
            let configuration = ClientConfiguration(
                account: try JID("user\(index)@bench.test"), credentials: credentials, resource: "r", seed: UInt64(index + 1), onReceive: onReceive,
                streamManagement: streamManagement
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

    /// XEP-0198 on client and server, asking for an ack every 5 stanzas (and 1 s after an unasked one).
    static let streamManagementOn = StreamManagementPolicy(ackPolicy: AckPolicy(every: 5, after: .seconds(1)))

    /// Message throughput with stream management off (client and server) and
    /// on, alternately, twice each; then the best of each and their ratio.
    static func streamManagementComparison(pairs: Int = 50, messagesPerSender: Int = 2_000) async throws {
        print("  messages: \(pairs) pairs x \(messagesPerSender) chat messages (100-byte body), stream management off / on alternately")
        var off = 0.0, on = 0.0
        for _ in 0..<2 {
            off = max(off, try await throughput(pairs: pairs, messagesPerSender: messagesPerSender, streamManagement: .disabled))
            on = max(on, try await throughput(pairs: pairs, messagesPerSender: messagesPerSender, streamManagement: streamManagementOn))
        }
        print(String(format: "  c2s throughput, stream management off: %.0f msg/s (best of 2)", off))
        print(String(format: "  c2s throughput, stream management on (ack every 5): %.0f msg/s (best of 2, %.0f %% of off)", on, 100 * on / off))
    }

    /// One run: messages/s from the first send until the last message is in.
    /// With stream management every client must have it enabled and
    /// resumable, and nothing may stay unacknowledged at the end.
    static func throughput(pairs: Int, messagesPerSender: Int, streamManagement: StreamManagementPolicy) async throws -> Double {
        let world = try await World(accounts: pairs * 2, streamManagement: streamManagement)
        let received = Mutex(0)
        let total = pairs * messagesPerSender
        let done = world.clientGroup.next().makePromise(of: Void.self)
        let clients = try (0..<(pairs * 2)).map { index in
            try world.client(index, credentials: .plain(password: "pw"), streamManagement: streamManagement) { element in
                guard element.name == "message" else { return }
                let count = received.withLock { value -> Int in
                    value += 1
                    return value
                }
                if count == total { done.succeed(()) }
            }
        }
        _ = try await connectAll(clients, to: world.address)
        if streamManagement.enabled {
            // <enabled/> comes after the bind that ends connect().
            guard try await eventually(within: 10, { clients.allSatisfy { $0.streamManagementStatus.enabled && $0.streamManagementStatus.id != nil } }) else {
                let missing = clients.filter { !$0.streamManagementStatus.enabled || $0.streamManagementStatus.id == nil }.count
                throw LabError("stream management not enabled and resumable on \(missing) of \(clients.count) clients")
            }
        }
        let timeout = world.clientGroup.next().scheduleTask(in: .seconds(120)) {
            if received.withLock({ $0 }) < total { done.fail(LabError("only \(received.withLock { $0 }) of \(total) messages arrived in 120 s")) }
        }
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
        timeout.cancel()
        let rate = Double(total) / seconds
        let label = streamManagement.enabled ? "on (ack every \(streamManagement.ackPolicy.every))" : "off"
        print("    stream management \(label): " + String(format: "%.0f msg/s, %d of %d messages arrived", rate, received.withLock { $0 }, total))
        if streamManagement.enabled {
            for client in clients { client.requestAck() }
            let acked = try await eventually(within: 10) { clients.allSatisfy { $0.streamManagementStatus.unacknowledged == 0 } }
            let pending = clients.map(\.streamManagementStatus.unacknowledged).reduce(0, +)
            print("      after a final <r/>: \(pending) stanzas unacknowledged over \(clients.count) clients")
            guard acked else { throw LabError("\(pending) stanzas still unacknowledged 10 s after the final ack request") }
        }
        try await world.shutdown(clients)
        return rate
    }

    /// Polls `condition` every 10 ms for up to `seconds`; whether it came true.
    static func eventually(within seconds: Double, _ condition: () -> Bool) async throws -> Bool {
        let deadline = Stopwatch.now() + seconds
        while !condition() {
            if Stopwatch.now() > deadline { return false }
            try await Task.sleep(for: .milliseconds(10))
        }
        return true
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
