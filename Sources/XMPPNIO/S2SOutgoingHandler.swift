import NIOCore
import NIOSSL
import NIOTLS
import XMPPCore
import XMPPProtocol

/// What a server does with an outgoing s2s connection (on its event loop).
public protocol S2SOutgoingHandlerDelegate: AnyObject {
    func streamEstablished(_ handler: S2SOutgoingHandler, method: S2SAuthenticationMethod)
    func stream(_ handler: S2SOutgoingHandler, failed failure: S2SFailure)
    /// On a verification connection: the authoritative server answered.
    func stream(_ handler: S2SOutgoingHandler, verdict: DialbackVerdict)
    /// On a bidirectional stream (XEP-0288): a stanza from the receiving server, already checked.
    func stream(_ handler: S2SOutgoingHandler, received stanza: XMLElement)
    /// On a bidirectional stream the receiving server asked to send from
    /// another domain: ask its authoritative server, answer with `handler.dialbackVerified(…)`.
    func stream(_ handler: S2SOutgoingHandler, verifyDialbackFrom originating: String, to receiving: String, streamID: String, key: String)
    /// XEP-0198: `<enable/>` went out; count stanzas sent from now on.
    func streamManagementRequested(_ handler: S2SOutgoingHandler)
    /// A XEP-0198 element from the receiving server.
    func stream(_ handler: S2SOutgoingHandler, streamManagement element: SMElement)
    /// Further domain pairs on the stream (XEP-0220 §2.6): authorized,
    /// refused, and what to do with the stanzas that waited for them.
    func stream(_ handler: S2SOutgoingHandler, multiplexing event: S2SMultiplexingEvent)
    /// The connection is gone. Called once.
    func streamEnded(_ handler: S2SOutgoingHandler)
}

extension S2SOutgoingHandlerDelegate {
    public func streamManagementRequested(_ handler: S2SOutgoingHandler) {}
    public func stream(_ handler: S2SOutgoingHandler, streamManagement element: SMElement) {}
}

/// Drives an `S2SOutgoingStream` on one connection to a remote server.
public final class S2SOutgoingHandler: ChannelInboundHandler, RemovableChannelHandler {
    public typealias InboundIn = ByteBuffer
    public typealias OutboundOut = ByteBuffer

    var machine: S2SOutgoingStream
    let io: StreamIO
    /// Trusts the lab CA and presents this server's certificate (for EXTERNAL).
    let tlsContext: NIOSSLContext?
    public var delegate: (any S2SOutgoingHandlerDelegate)?
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
    var started = false
    var ended = false

    public init(machine: S2SOutgoingStream, tlsContext: NIOSSLContext?, parserLimits: XMLStreamParser.Limits = .init()) {
        self.machine = machine
        self.io = StreamIO(contentNamespace: XMLNamespace.server, limits: parserLimits)
        self.tlsContext = tlsContext
    }

    public var remoteDomain: String { machine.remoteDomain }
    public var isEstablished: Bool { machine.isEstablished }
    public var isEncrypted: Bool { machine.isEncrypted }
    /// Whether the established stream carries stanzas both ways (XEP-0288).
    public var isBidirectional: Bool { machine.isBidirectional }

    public func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        if context.channel.isActive { start() }
    }

    public func channelActive(context: ChannelHandlerContext) {
        start()
        context.fireChannelActive()
    }

    private func start() {
        guard !started, let context else { return }
        started = true
        if let observing { io.observe(observing.observing, role: .s2sOutgoing, node: observing.node, channel: context.channel) }
        perform(machine.start())
        io.flush(context: context)
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
            perform(machine.tlsEstablished())
            io.flush(context: context)
        }
        context.fireUserInboundEventTriggered(event)
    }

    public func errorCaught(context: ChannelHandlerContext, error: any Error) {
        io.observer?.streamTransportFailed(error)
        if !ended, error is NIOSSLError || error is NIOSSLExtraError {
            // An untrusted or mismatched certificate: a negotiation failure, not a crash.
            delegate?.stream(self, failed: .protocolViolation("TLS: \(error)"))
        }
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
        let leftovers = machine.endMultiplexing()
        machine.connectionClosed()
        let delegate = self.delegate
        self.delegate = nil
        for case .multiplexing(let event) in leftovers { delegate?.stream(self, multiplexing: event) }
        delegate?.streamEnded(self)
    }

    @discardableResult
    func perform(_ actions: [S2SOutgoingAction]) -> Bool {
        guard let context else { return true }
        var discardRest = false
        for action in actions {
            switch action {
            case .sendHeader(let header): io.write(header, context: context)
            case .send(let element): io.write(element, context: context)
            case .startTLS:
                discardRest = true
                guard let tlsContext else {
                    delegate?.stream(self, failed: .tlsUnavailable)
                    context.close(promise: nil)
                    continue
                }
                do {
                    _ = io.startTLS(try NIOSSLClientHandler(context: tlsContext, serverHostname: machine.remoteDomain), context: context)
                } catch {
                    delegate?.stream(self, failed: .protocolViolation("TLS: \(error)"))
                    context.close(promise: nil)
                }
            case .restartStream:
                discardRest = true
                io.parser.reset()
            case .established(let method):
                delegate?.streamEstablished(self, method: method)
            case .failed(let failure):
                delegate?.stream(self, failed: failure)
            case .dialbackVerdict(let verdict):
                delegate?.stream(self, verdict: verdict)
            case .route(let stanza):
                delegate?.stream(self, received: stanza)
            case .streamManagementRequested:
                delegate?.streamManagementRequested(self)
            case .streamManagement(let element):
                delegate?.stream(self, streamManagement: element)
            case .verifyDialback(let originating, let receiving, let streamID, let key):
                delegate?.stream(self, verifyDialbackFrom: originating, to: receiving, streamID: streamID, key: key)
            case .multiplexing(let event):
                delegate?.stream(self, multiplexing: event)
            case .close(let error):
                discardRest = true
                io.close(error, preface: closingElement?(), context: context)
            }
        }
        return discardRest
    }

    // MARK: - Called by the server (on the connection's event loop)

    /// Sends a stanza; flushed at once.
    public func send(_ element: XMLElement) {
        write(element)
        flush()
    }

    /// Queues an element; `flush()` sends what is queued.
    public func write(_ element: XMLElement) {
        guard let context, !ended else { return }
        io.write(element, context: context)
    }

    public func flush() {
        guard let context else { return }
        io.flush(context: context)
    }

    /// Whether stanzas of `pair` may go over this stream (its own pair, or
    /// one it may multiplex, XEP-0220 §2.6).
    public func carries(_ pair: DomainPair) -> Bool {
        !ended && machine.carries(pair)
    }

    /// Sends a stanza of another domain pair over this stream (XEP-0220
    /// §2.6): at once when its pair is authorized, else after `<db:result/>`
    /// (the delegate hears `.send` for it then).
    public func sendMultiplexed(_ stanza: XMLElement) {
        guard let context, !ended else {
            delegate?.stream(self, multiplexing: .reroute([stanza]))
            return
        }
        perform(machine.sendMultiplexed(stanza))
        io.flush(context: context)
    }

    /// The authoritative server's verdict on a key the receiving server sent
    /// over this bidirectional stream.
    public func dialbackVerified(originating: String, receiving: String, verdict: DialbackVerdict) {
        guard let context else { return }
        perform(machine.dialbackVerified(originating: originating, receiving: receiving, verdict: verdict))
        io.flush(context: context)
    }

    /// Closes the TCP connection at once, without waiting for pending bytes
    /// (a peer declared dead will not read them).
    public func closeConnection() {
        context?.channel.close(promise: nil)
    }

    /// Closes the stream (idle timeout, shutdown).
    public func close(_ error: StreamError? = nil) {
        perform(machine.close(error))
    }
}
