import LabPKI
import NIOCore
import NIOPosix
import NIOSSL
import NIOTLS

/// One TLS handshake between a NIOSSL server and a NIOSSL client over real
/// loopback TCP (127.0.0.1, ephemeral port), as each side saw it.
struct LoopbackHandshake {
    /// Success carries the certificate the other side presented (nil: none).
    var client: Result<NIOSSLCertificate?, any Error>
    var server: Result<NIOSSLCertificate?, any Error>

    var clientCompleted: Bool {
        if case .success = client { true } else { false }
    }
    var serverCompleted: Bool {
        if case .success = server { true } else { false }
    }
    /// The client certificate the server saw, when its handshake completed.
    var certificateSeenByServer: NIOSSLCertificate? { (try? server.get()) ?? nil }

    /// Runs the handshake; never hangs longer than `timeout`.
    static func run(
        server serverConfiguration: TLSConfiguration,
        client clientConfiguration: TLSConfiguration,
        serverHostname: String,
        timeout: TimeAmount = .seconds(10)
    ) async throws -> LoopbackHandshake {
        let serverContext = try NIOSSLContext(configuration: serverConfiguration)
        let clientContext = try NIOSSLContext(configuration: clientConfiguration)
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let loop = group.next()
        let serverDone = loop.makePromise(of: NIOSSLCertificate?.self)
        let clientDone = loop.makePromise(of: NIOSSLCertificate?.self)
        let timer = loop.scheduleTask(in: timeout) {
            serverDone.fail(LoopbackTLSError.timedOut)
            clientDone.fail(LoopbackTLSError.timedOut)
        }

        let listener = try await ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let sync = channel.pipeline.syncOperations
                    try sync.addHandler(NIOSSLServerHandler(context: serverContext))
                    try sync.addHandler(HandshakeObserver(done: serverDone))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        let port = listener.localAddress!.port!

        let connection = try await ClientBootstrap(group: group)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let sync = channel.pipeline.syncOperations
                    try sync.addHandler(NIOSSLClientHandler(context: clientContext, serverHostname: serverHostname))
                    try sync.addHandler(HandshakeObserver(done: clientDone))
                }
            }
            .connect(host: "127.0.0.1", port: port).get()

        let client = await Result { try await clientDone.futureResult.get() }
        let server = await Result { try await serverDone.futureResult.get() }
        timer.cancel()
        try? await connection.close()
        try? await listener.close()
        try await group.shutdownGracefully()
        return LoopbackHandshake(client: client, server: server)
    }
}

enum LoopbackTLSError: Error {
    case timedOut
    case closedBeforeHandshake
}

extension Result where Failure == any Error {
    init(catching body: () async throws -> Success) async {
        do { self = .success(try await body()) } catch { self = .failure(error) }
    }
}

/// Completes `done` once: with the peer's certificate when the TLS handshake
/// completes, or with the first error, or when the connection closes first.
final class HandshakeObserver: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private let done: EventLoopPromise<NIOSSLCertificate?>
    private var finished = false

    init(done: EventLoopPromise<NIOSSLCertificate?>) {
        self.done = done
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? TLSUserEvent, case .handshakeCompleted = event, !finished {
            finished = true
            let peer = try? context.pipeline.syncOperations.nioSSL_peerCertificate()
            done.succeed(peer ?? nil)
        }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if !finished {
            finished = true
            done.fail(error)
        }
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        if !finished {
            finished = true
            done.fail(LoopbackTLSError.closedBeforeHandshake)
        }
        context.fireChannelInactive()
    }
}
