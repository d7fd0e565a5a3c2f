import NIOCore
import NIOSSL
import NIOTLS
import XMPPCore
import XMPPProtocol

/// Drives a `C2SServerStream` on one connection: decodes bytes with an
/// `XMLStreamParser`, feeds the machine and performs its actions (writes,
/// STARTTLS, restarts, timers), and reports to its delegate.
public final class C2SServerHandler: ChannelInboundHandler, RemovableChannelHandler {
    public typealias InboundIn = ByteBuffer
    public typealias OutboundOut = ByteBuffer

    var machine: C2SServerStream
    let io: StreamIO
    let tls: ServerStreamTLS
    public var delegate: (any C2SServerHandlerDelegate)?
    /// Called as the stream closes, for an element to send just before the
    /// stream error and `</stream:stream>` (XEP-0198's final `<a/>`, so the
    /// peer knows what arrived and sends none of it again).
    public var closingElement: (() -> XMLElement?)?
    /// Called on every read, before parsing (keepalives note the peer is alive).
    public var onRead: (() -> Void)?
    /// Who watches this connection (a recording) and the node it belongs
    /// to; asked once, as the connection starts.
    public var observing: (observing: any StreamObserving, node: String)?
    var context: ChannelHandlerContext?
    var negotiationTimer: Scheduled<Void>?
    var tlsHandler: NIOSSLServerHandler?
    var ended = false
    var lastError: StreamError?
    /// Inside `channelRead`: writes are flushed once, at the end of the read.
    var reading = false

    public init(machine: C2SServerStream, parserLimits: XMLStreamParser.Limits = .init(), tls: ServerStreamTLS) {
        self.machine = machine
        self.io = StreamIO(contentNamespace: XMLNamespace.client, limits: parserLimits)
        self.tls = tls
    }

    /// The bound full JID, once established.
    public var jid: JID? { machine.boundJID }
    /// The client ended its stream with `</stream:stream>` (a clean end).
    public var peerClosedStream: Bool { machine.peerClosedStream }
    /// The stream error this side closed with, if any.
    public var closeError: StreamError? { lastError }
    /// Whether TLS protects the connection.
    public var isEncrypted: Bool { machine.isEncrypted }
    /// The channel, while the handler is in a pipeline.
    public var channel: (any Channel)? { context?.channel }

    public func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    public func channelActive(context: ChannelHandlerContext) {
        if let observing { io.observe(observing.observing, role: .c2sServer, node: observing.node, channel: context.channel) }
        perform(machine.start())
        context.fireChannelActive()
    }

    public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        reading = true
        onRead?()
        for event in io.events(in: unwrapInboundIn(data)) {
            io.handling(event)
            let actions = machine.handle(event)
            // A restart or TLS discards whatever else this read carried: it
            // belonged to the old stream (RFC 6120 §4.3.3, §5.4.3.3).
            if perform(actions) { break }
        }
    }

    public func channelReadComplete(context: ChannelHandlerContext) {
        reading = false
        io.flush(context: context)
        context.fireChannelReadComplete()
    }

    public func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case .handshakeCompleted = event as? TLSUserEvent {
            io.observer?.streamTLSEstablished()
            let identities = tlsHandler?.peerCertificate.map(tls.certificateIdentities) ?? []
            perform(machine.tlsEstablished(peerCertificateIdentities: identities))
            io.flush(context: context)
        }
        context.fireUserInboundEventTriggered(event)
    }

    public func errorCaught(context: ChannelHandlerContext, error: any Error) {
        io.observer?.streamTransportFailed(error)
        // TLS failures and socket errors end the connection; the stream
        // machine learns it in channelInactive.
        context.close(promise: nil)
    }

    public func channelInactive(context: ChannelHandlerContext) {
        end()
        context.fireChannelInactive()
    }

    public func handlerRemoved(context: ChannelHandlerContext) {
        end()
        self.context = nil
    }

    /// Reports the end once and lets go of the delegate.
    func end() {
        guard !ended else { return }
        ended = true
        io.ended()
        machine.connectionClosed()
        negotiationTimer?.cancel()
        negotiationTimer = nil
        let delegate = self.delegate
        self.delegate = nil
        delegate?.streamEnded(self, error: lastError)
    }
}
