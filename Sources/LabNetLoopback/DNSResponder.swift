import LabNet
import NIOCore
import NIOPosix

/// Serves a `SimulatedDNS` over UDP on loopback, so real servers and
/// resolvers (Prosody's libunbound, `dig`) see the lab's DNS: SRV, A and
/// AAAA questions are answered from the zone as `querier` would see it;
/// NXDOMAIN and SERVFAIL are sent as such, a timeout is no answer at all.
public final class DNSResponder: Sendable {
    public let address: NetworkAddress
    let channel: any Channel

    private init(address: NetworkAddress, channel: any Channel) {
        self.address = address
        self.channel = channel
    }

    /// Binds a UDP port on loopback (port 0: any free one) and answers from `dns`.
    public static func start(
        dns: SimulatedDNS, querier: String = "external", on address: NetworkAddress = .anyLoopbackPort, eventLoop: any EventLoop
    ) async throws -> DNSResponder {
        let socketAddress = try LoopbackFabric.loopbackSocketAddress(address)
        let channel = try await DatagramBootstrap(group: eventLoop)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(Handler(dns: dns, querier: querier))
                }
            }
            .bind(to: socketAddress).get()
        guard let port = channel.localAddress?.port else { throw NetworkFabricError(.invalidAddress, address: address) }
        return DNSResponder(address: NetworkAddress(host: socketAddress.ipAddress ?? address.host, port: port), channel: channel)
    }

    public func stop() async throws {
        try await channel.close()
    }

    final class Handler: ChannelInboundHandler, Sendable {
        typealias InboundIn = AddressedEnvelope<ByteBuffer>
        typealias OutboundOut = AddressedEnvelope<ByteBuffer>
        let dns: SimulatedDNS
        let querier: String

        init(dns: SimulatedDNS, querier: String) {
            self.dns = dns
            self.querier = querier
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let envelope = unwrapInboundIn(data)
            guard let query = DNSWireFormat.parseQuery(Array(buffer: envelope.data)) else { return }
            let answer: DNSAnswer = query.question.map { dns.query($0, from: querier) } ?? .noRecords
            guard let response = DNSWireFormat.encodeResponse(to: query, answer: answer) else { return }
            let reply = AddressedEnvelope(remoteAddress: envelope.remoteAddress, data: context.channel.allocator.buffer(bytes: response))
            context.writeAndFlush(wrapOutboundOut(reply), promise: nil)
        }
    }
}
