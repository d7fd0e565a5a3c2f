import LabNet
import LabNetLoopback
import NIOCore
import Synchronization

/// A bare TCP connection for sending arbitrary bytes to a server and reading
/// what comes back: for tests of malformed input and stream errors.
final class RawConnection: Sendable {
    private final class Collector: ChannelInboundHandler, Sendable {
        typealias InboundIn = ByteBuffer
        let text = Mutex("")
        let closed = Mutex(false)

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let buffer = unwrapInboundIn(data)
            text.withLock { $0 += String(buffer: buffer) }
        }

        func channelInactive(context: ChannelHandlerContext) {
            closed.withLock { $0 = true }
        }
    }

    let channel: any Channel
    private let collector: Collector

    private init(channel: any Channel, collector: Collector) {
        self.channel = channel
        self.collector = collector
    }

    static func connect(to address: NetworkAddress, on eventLoop: any EventLoop) async throws -> RawConnection {
        let collector = Collector()
        let channel = try await LoopbackFabric().connect(to: address, eventLoop: eventLoop) { channel in
            channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(collector) }
        }.get()
        return RawConnection(channel: channel, collector: collector)
    }

    func send(_ text: String) async throws {
        try await channel.writeAndFlush(channel.allocator.buffer(string: text)).get()
    }

    var received: String { collector.text.withLock { $0 } }
    var isClosed: Bool { collector.closed.withLock { $0 } }

    /// Waits (polling the event loop's clock, bounded) until `condition` holds for what arrived.
    func waitUntil(timeout: TimeAmount = .seconds(5), _ condition: @escaping @Sendable (String, Bool) -> Bool) async throws -> String {
        let deadline = NIODeadline.now() + timeout
        while NIODeadline.now() < deadline {
            let (text, closed) = (received, isClosed)
            if condition(text, closed) { return text }
            try await channel.eventLoop.scheduleTask(in: .milliseconds(10)) {}.futureResult.get()
        }
        return received
    }

    func close() async {
        try? await channel.close()
    }

    /// The opening of a c2s stream to `domain`.
    static func header(to domain: String, version: String = "1.0", namespace: String = "jabber:client") -> String {
        "<?xml version='1.0'?><stream:stream xmlns='\(namespace)' xmlns:stream='http://etherx.jabber.org/streams' to='\(domain)' version='\(version)'>"
    }
}
