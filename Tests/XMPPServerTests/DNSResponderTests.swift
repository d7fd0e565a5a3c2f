import LabNet
import LabNetLoopback
import NIOCore
import NIOPosix
import Synchronization
import Testing

/// The lab's DNS served over UDP on loopback, for real resolvers.
@Suite struct DNSResponderTests {
    final class Collector: ChannelInboundHandler, Sendable {
        typealias InboundIn = AddressedEnvelope<ByteBuffer>
        let replies = Mutex<[[UInt8]]>([])
        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let bytes = Array(buffer: unwrapInboundIn(data).data)
            replies.withLock { $0.append(bytes) }
        }
    }

    @Test func answersSRVQueriesFromTheSimulatedDNS() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let dns = SimulatedDNS(seed: 1)
        dns.setSRVRecords([SRVRecord(priority: 0, weight: 0, port: 15269, target: "alpha.test")], service: .xmppServer, domain: "alpha.test")
        dns.setFailure(.timeout, for: .address(host: "slow.test"))
        let responder = try await DNSResponder.start(dns: dns, eventLoop: group.next())
        let collector = Collector()
        let client = try await DatagramBootstrap(group: group)
            .channelInitializer { channel in channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(collector) } }
            .bind(host: "127.0.0.1", port: 0).get()
        let server = try SocketAddress(ipAddress: responder.address.host, port: responder.address.port)
        for query in [
            DNSWireFormat.Query(id: 1, name: "slow.test", type: DNSWireFormat.typeA),
            DNSWireFormat.Query(id: 2, name: "_xmpp-server._tcp.alpha.test", type: DNSWireFormat.typeSRV),
        ] {
            let envelope = AddressedEnvelope(remoteAddress: server, data: client.allocator.buffer(bytes: DNSWireFormat.encodeQuery(query)))
            try await client.writeAndFlush(envelope)
        }
        var replies: [[UInt8]] = []
        for _ in 0..<200 where replies.isEmpty {
            try await Task.sleep(for: .milliseconds(5))
            replies = collector.replies.withLock { $0 }
        }
        #expect(replies.count == 1, "the timed-out question gets no answer")
        let response = try #require(replies.first.flatMap(DNSWireFormat.parseResponse))
        #expect(response.id == 2)
        #expect(response.records == [.srv(SRVRecord(priority: 0, weight: 0, port: 15269, target: "alpha.test"))])
        #expect(dns.queryLog.map(\.querier) == ["external", "external"])
        try await client.close()
        try await responder.stop()
        try await group.shutdownGracefully()
    }
}
