import NIOCore
import NIOSSL
import NIOTLS
import XMPPCore
import XMPPProtocol

/// What a server does with an incoming s2s connection (on its event loop).
public protocol S2SIncomingHandlerDelegate: AnyObject {
    func stream(_ handler: S2SIncomingHandler, authorized pair: DomainPair, method: S2SAuthenticationMethod)
    /// On a bidirectional stream (XEP-0288): `handler.send(_:)` now takes
    /// stanzas from `pair.from` (hosted here) to `pair.to`.
    func stream(_ handler: S2SIncomingHandler, maySend pair: DomainPair)
    /// Ask the authoritative server; answer with `handler.dialbackVerified(…)`.
    func stream(_ handler: S2SIncomingHandler, verifyDialbackFrom originating: String, to receiving: String, streamID: String, key: String)
    func stream(_ handler: S2SIncomingHandler, received stanza: XMLElement)
    /// A XEP-0198 element (`<enable/>`, `<r/>`, `<a/>`) once a pair is authorized.
    func stream(_ handler: S2SIncomingHandler, streamManagement element: SMElement)
    /// The connection is gone. Called once.
    func streamEnded(_ handler: S2SIncomingHandler, error: StreamError?)
}

/// Drives an `S2SIncomingStream` on one connection from a remote server.
public final class S2SIncomingHandler: ChannelInboundHandler, RemovableChannelHandler {
    public typealias InboundIn = ByteBuffer
    public typealias OutboundOut = ByteBuffer

    var machine: S2SIncomingStream
    let io: StreamIO
    let tls: ServerStreamTLS
    public var delegate: (any S2SIncomingHandlerDelegate)?
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
    var tlsHandler: NIOSSLServerHandler?
    var timer: Scheduled<Void>?
    var ended = false
    var lastError: StreamError?

    public init(machine: S2SIncomingStream, tls: ServerStreamTLS, parserLimits: XMLStreamParser.Limits = .init()) {
        self.machine = machine
        self.io = StreamIO(contentNamespace: XMLNamespace.server, limits: parserLimits)
        self.tls = tls
    }

    public var channel: (any Channel)? { context?.channel }
    /// Whether TLS is up on this stream.
    public var isEncrypted: Bool { machine.isEncrypted }
    /// Whether the initiating server asked for (and got) a bidirectional stream.
    public var isBidirectional: Bool { machine.isBidirectional }

    public func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    public func channelActive(context: ChannelHandlerContext) {
        if let observing { io.observe(observing.observing, role: .s2sIncoming, node: observing.node, channel: context.channel) }
        perform(machine.start())
        context.fireChannelActive()
    }

    public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        onRead?()
        for event in io.events(in: unwrapInboundIn(data)) {
            io.handling(event)
            let actions = machine.handle(event)
            if perform(actions) { break }
        }
    }

    public func channelReadComplete(context: ChannelHandlerContext) {
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

    func end() {
        guard !ended else { return }
        ended = true
        io.ended()
        machine.connectionClosed()
        timer?.cancel()
        let delegate = self.delegate
        self.delegate = nil
        delegate?.streamEnded(self, error: lastError)
    }

    @discardableResult
    func perform(_ actions: [S2SIncomingAction]) -> Bool {
        guard let context else { return true }
        var discardRest = false
        for action in actions {
            switch action {
            case .sendHeader(let header): io.write(header, context: context)
            case .send(let element): io.write(element, context: context)
            case .startTLS:
                discardRest = true
                guard let sslContext = tls.context else {
                    context.close(promise: nil)
                    continue
                }
                let handler = NIOSSLServerHandler(context: sslContext)
                if io.startTLS(handler, context: context) { tlsHandler = handler }
            case .restartStream:
                discardRest = true
                io.parser.reset()
            case .authorized(let remote, let local, let method):
                delegate?.stream(self, authorized: DomainPair(from: remote, to: local), method: method)
            case .sendingAuthorized(let local, let remote):
                delegate?.stream(self, maySend: DomainPair(from: local, to: remote))
            case .verifyDialback(let originating, let receiving, let streamID, let key):
                delegate?.stream(self, verifyDialbackFrom: originating, to: receiving, streamID: streamID, key: key)
            case .route(let stanza):
                delegate?.stream(self, received: stanza)
            case .streamManagement(let element):
                delegate?.stream(self, streamManagement: element)
            case .scheduleNegotiationTimeout(let duration):
                timer?.cancel()
                timer = context.eventLoop.assumeIsolated().scheduleTask(in: TimeAmount(duration)) {
                    self.perform(self.machine.negotiationTimedOut())
                    if let context = self.context { self.io.flush(context: context) }
                }
            case .close(let error):
                discardRest = true
                lastError = error
                io.close(error, preface: closingElement?(), context: context)
            }
        }
        return discardRest
    }

    // MARK: - Called by the server (on the connection's event loop)

    /// The authoritative server's verdict on a dialback key.
    public func dialbackVerified(originating: String, receiving: String, verdict: DialbackVerdict) {
        guard let context else { return }
        perform(machine.dialbackVerified(originating: originating, receiving: receiving, verdict: verdict))
        io.flush(context: context)
    }

    /// Sends a stanza back to the initiating server over a bidirectional
    /// stream; flushed at once. The machine refuses a pair it was not told
    /// it may send (XEP-0288 §2.2).
    public func send(_ stanza: XMLElement) throws(BidiSendRefusal) {
        guard let context, !ended else { throw .closed }
        perform(try machine.send(stanza))
        io.flush(context: context)
    }

    /// Sends a stream-level element (XEP-0198 `<enabled/>`, `<r/>`, `<a/>`); flushed at once.
    public func sendStreamElement(_ element: XMLElement) {
        guard let context, !ended, !machine.isClosed else { return }
        io.write(element, context: context)
        io.flush(context: context)
    }

    /// The initiating server ended its stream cleanly.
    public var peerClosedStream: Bool { machine.peerClosedStream }

    public func close(_ error: StreamError?) {
        guard let context else { return }
        perform(machine.serverClose(error))
        io.flush(context: context)
    }
}
