import LabNet
import NIOCore
import NIOPosix

/// The network fabric on real loopback TCP sockets (NIOPosix).
///
/// Refuses any address outside 127.0.0.0/8 and ::1, so nothing a topology
/// says can send traffic off the machine.
public struct LoopbackFabric: NetworkFabric {
    /// How long a connection attempt may take before it fails.
    public var connectTimeout: TimeAmount
    /// The listen backlog: high enough for thousands of clients logging in at once.
    public var backlog: Int32

    public init(connectTimeout: TimeAmount = .seconds(10), backlog: Int32 = 4096) {
        self.connectTimeout = connectTimeout
        self.backlog = backlog
    }

    public func listen(
        on address: NetworkAddress,
        eventLoop: any EventLoop,
        childChannelInitializer: @escaping @Sendable (any Channel) -> EventLoopFuture<Void>
    ) -> EventLoopFuture<any NetworkListener> {
        do {
            let socketAddress = try Self.loopbackSocketAddress(address)
            return ServerBootstrap(group: eventLoop)
                .serverChannelOption(.backlog, value: backlog)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
                .childChannelInitializer(childChannelInitializer)
                .bind(to: socketAddress)
                .flatMapThrowing { channel in
                    try LoopbackListener(channel: channel, host: address.host)
                }
        } catch {
            return eventLoop.makeFailedFuture(error)
        }
    }

    public func connect(
        to address: NetworkAddress,
        eventLoop: any EventLoop,
        channelInitializer: @escaping @Sendable (any Channel) -> EventLoopFuture<Void>
    ) -> EventLoopFuture<any Channel> {
        do {
            let socketAddress = try Self.loopbackSocketAddress(address)
            return ClientBootstrap(group: eventLoop)
                .connectTimeout(connectTimeout)
                .channelOption(.socketOption(.tcp_nodelay), value: 1)
                .channelInitializer(channelInitializer)
                .connect(to: socketAddress)
        } catch {
            return eventLoop.makeFailedFuture(error)
        }
    }

    public func abort(_ channel: any Channel) {
        // SO_LINGER with a zero timeout turns close() into a TCP reset.
        guard let options = channel as? any SocketOptionProvider else {
            channel.close(promise: nil)
            return
        }
        options.setSoLinger(linger(l_onoff: 1, l_linger: 0)).whenComplete { _ in
            channel.close(promise: nil)
        }
    }

    /// The socket address for `address`, or an error when it is not an IP
    /// literal on loopback.
    static func loopbackSocketAddress(_ address: NetworkAddress) throws -> SocketAddress {
        let host = address.host == "localhost" ? "127.0.0.1" : address.host
        let socketAddress: SocketAddress
        do {
            socketAddress = try SocketAddress(ipAddress: host, port: address.port)
        } catch {
            throw NetworkFabricError(.invalidAddress, address: address)
        }
        guard Self.isLoopback(socketAddress) else {
            throw NetworkFabricError(.notLoopback, address: address)
        }
        return socketAddress
    }

    static func isLoopback(_ address: SocketAddress) -> Bool {
        switch address {
        case .v4(let v4):
            // 127.0.0.0/8: the first octet of the address in network order.
            return UInt32(bigEndian: v4.address.sin_addr.s_addr) >> 24 == 127
        case .v6:
            return address.ipAddress == "::1"
        default:
            return false
        }
    }
}

/// A bound loopback server socket.
struct LoopbackListener: NetworkListener {
    let channel: any Channel
    let address: NetworkAddress

    init(channel: any Channel, host: String) throws {
        self.channel = channel
        guard let port = channel.localAddress?.port else {
            throw NetworkFabricError(.invalidAddress, address: NetworkAddress(host: host, port: 0))
        }
        self.address = NetworkAddress(host: host == "localhost" ? "127.0.0.1" : host, port: port)
    }

    func close() -> EventLoopFuture<Void> {
        channel.close()
    }
}
