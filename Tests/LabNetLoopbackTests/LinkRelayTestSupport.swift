import LabNet
import LabNetLoopback
import NIOCore
import NIOPosix
import Synchronization
import XMPPCore

/// What one end of a test connection read and saw happen.
final class PeerLog: Sendable {
    struct State {
        var bytes: [UInt8] = []
        var sawEOF = false
        var isClosed = false
        var errnoCodes: [Int32] = []
    }

    let state = Mutex(State())

    var bytes: [UInt8] { state.withLock(\.bytes) }
    var byteCount: Int { state.withLock(\.bytes.count) }
    var sawEOF: Bool { state.withLock(\.sawEOF) }
    var isClosed: Bool { state.withLock(\.isClosed) }
    var errnoCodes: [Int32] { state.withLock(\.errnoCodes) }
    /// The peer's end arrived, orderly (FIN) or not.
    var ended: Bool { state.withLock { $0.sawEOF || $0.isClosed } }
}

/// Records what a channel reads into a `PeerLog`; an echoing peer also sends
/// every byte back and answers a FIN with its own once all is written.
final class PeerHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    let log: PeerLog
    let echoes: Bool
    private var outputShut = false
    private var sawError = false

    init(log: PeerLog, echoes: Bool) {
        self.log = log
        self.echoes = echoes
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        log.state.withLock { $0.bytes += buffer.readableBytesView }
        if echoes { context.writeAndFlush(data, promise: nil) }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? ChannelEvent, event == .outputClosed { outputShut = true }
        if let event = event as? ChannelEvent, event == .inputClosed {
            log.state.withLock { $0.sawEOF = true }
            if echoes {
                let channel = context.channel
                channel.writeAndFlush(channel.allocator.buffer(capacity: 0)).whenComplete { _ in
                    channel.close(mode: .output, promise: nil)
                }
            }
        }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        sawError = true
        if let error = error as? IOError {
            log.state.withLock { $0.errnoCodes.append(error.errnoCode) }
        }
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        // After our own FIN, NIO closes on the peer's FIN without `inputClosed`.
        let orderly = outputShut && !sawError
        log.state.withLock {
            $0.isClosed = true
            if orderly { $0.sawEOF = true }
        }
        context.fireChannelInactive()
    }
}

/// A loopback server in a test: every connection it accepts is logged (and
/// echoed back when it echoes).
struct TestServer {
    let channel: any Channel
    let address: NetworkAddress
    let accepted: AcceptedLogs

    var acceptedCount: Int { accepted.logs.count }
    var logs: [PeerLog] { accepted.logs }
    var connections: [any Channel] { accepted.channels }
}

/// A client connection in a test.
struct TestPeer {
    let channel: any Channel
    let log: PeerLog

    func send(_ bytes: [UInt8]) async throws {
        try await channel.writeAndFlush(channel.allocator.buffer(bytes: bytes))
    }

    func send(_ text: String) async throws {
        try await send(Array(text.utf8))
    }
}

/// `count` bytes drawn from a generator seeded with `seed`.
func randomBytes(_ count: Int, seed: UInt64) -> [UInt8] {
    var random = SeededGenerator(seed: seed)
    return [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
        var index = 0
        while index < count {
            var word = random.next()
            for _ in 0..<min(8, count - index) {
                buffer[index] = UInt8(truncatingIfNeeded: word)
                word >>= 8
                index += 1
            }
        }
        initialized = count
    }
}

struct TimedOut: Error, CustomStringConvertible {
    var what: String
    var description: String { "timed out waiting for \(what)" }
}

/// Waits until `condition` holds, checking every 2 ms; throws after `timeout`.
func eventually(_ what: String, timeout: Duration = .seconds(5), _ condition: () -> Bool) async throws {
    let deadline = ContinuousClock.now + timeout
    while !condition() {
        guard ContinuousClock.now < deadline else { throw TimedOut(what: what) }
        try await Task.sleep(for: .milliseconds(2))
    }
}

/// The event loop group, servers, relays and clients of one test, all shut
/// down at the end whatever happens.
final class RelayFixture {
    let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
    private var channels: [any Channel] = []
    private var relays: [LinkRelay] = []

    static func run(_ body: (RelayFixture) async throws -> Void) async throws {
        let fixture = RelayFixture()
        do {
            try await body(fixture)
        } catch {
            await fixture.shutDown()
            throw error
        }
        await fixture.shutDown()
    }

    private func shutDown() async {
        for relay in relays { try? await relay.close() }
        for channel in channels { try? await channel.close() }
        try? await group.shutdownGracefully()
    }

    /// A server that logs (and echoes) what it reads; one that does not read
    /// leaves its connections' reads off until a test turns them on.
    func server(echoes: Bool, reads: Bool = true) async throws -> TestServer {
        let accepted = AcceptedLogs()
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.allowRemoteHalfClosure, value: true)
            .childChannelOption(.autoRead, value: reads)
            .childChannelInitializer { channel in
                let log = PeerLog()
                accepted.append(log, channel: channel)
                return channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(PeerHandler(log: log, echoes: echoes))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        channels.append(channel)
        return TestServer(channel: channel, address: NetworkAddress(host: "127.0.0.1", port: channel.localAddress!.port!), accepted: accepted)
    }

    /// A loopback address nobody listens on (bound, then closed again).
    func refusingAddress() async throws -> NetworkAddress {
        let channel = try await ServerBootstrap(group: group).bind(host: "127.0.0.1", port: 0).get()
        let address = NetworkAddress(host: "127.0.0.1", port: channel.localAddress!.port!)
        try await channel.close()
        return address
    }

    func relay(_ conditions: LinkConditions, status: LinkStatus = .up, seed: UInt64 = 1) -> LinkRelay {
        let relay = LinkRelay(name: "alpha.test<->bravo.test", conditions: conditions, status: status, seed: seed, group: group)
        relays.append(relay)
        return relay
    }

    func connect(to address: NetworkAddress) async throws -> TestPeer {
        let log = PeerLog()
        let channel = try await ClientBootstrap(group: group)
            .connectTimeout(.seconds(2))
            .channelOption(.allowRemoteHalfClosure, value: true)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(PeerHandler(log: log, echoes: false))
                }
            }
            .connect(host: address.host, port: address.port).get()
        channels.append(channel)
        return TestPeer(channel: channel, log: log)
    }
}

/// The logs of a test server's connections, shared with its initializer.
final class AcceptedLogs: Sendable {
    private let state = Mutex<[(log: PeerLog, channel: any Channel)]>([])

    var logs: [PeerLog] { state.withLock { $0.map(\.log) } }
    var channels: [any Channel] { state.withLock { $0.map(\.channel) } }

    func append(_ log: PeerLog, channel: any Channel) {
        state.withLock { $0.append((log, channel)) }
    }
}
