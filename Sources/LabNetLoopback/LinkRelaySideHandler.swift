import LabNet
import NIOCore

/// Sits on one side of a relayed connection: hands what the channel reads,
/// its FIN, its closing and its writability to the `LinkRelayConnection`,
/// and holds the channel's reads back while the connection says not to read
/// (the TCP window then fills and the peer is pushed back).
final class LinkRelaySideHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    let side: LinkSide
    private let connection: LinkRelayConnection
    private var context: ChannelHandlerContext?
    private var isReading = false
    private var readHeld = false
    /// Our output was shut down (our FIN went out).
    private var outputShut = false
    private var sawError = false

    init(side: LinkSide, connection: LinkRelayConnection) {
        self.side = side
        self.connection = connection
    }

    /// Lets reads through, or holds them back.
    func setReading(_ reading: Bool) {
        isReading = reading
        if reading, readHeld, let context {
            readHeld = false
            context.read()
        }
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
    }

    func channelActive(context: ChannelHandlerContext) {
        if side == .entrance { connection.entranceActive() }
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        connection.received(unwrapInboundIn(data), from: side)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        switch event as? ChannelEvent {
        case .inputClosed: connection.inputClosed(side)
        case .outputClosed: outputShut = true
        default: break
        }
        context.fireUserInboundEventTriggered(event)
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        connection.writabilityChanged(side, isWritable: context.channel.isWritable)
        context.fireChannelWritabilityChanged()
    }

    func channelInactive(context: ChannelHandlerContext) {
        // With our output already shut down, NIO closes the channel on the
        // peer's FIN without reporting `inputClosed`: a close without error
        // then is the peer's orderly end. (A failed write reports no error,
        // but there are no writes after our FIN.)
        if outputShut, !sawError { connection.inputClosed(side) }
        connection.channelClosed(side)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // A reset by the peer: the channel closes and `channelInactive` tells
        // the connection. Nothing to report further.
        sawError = true
    }

    func read(context: ChannelHandlerContext) {
        if isReading {
            context.read()
        } else {
            readHeld = true
        }
    }
}
