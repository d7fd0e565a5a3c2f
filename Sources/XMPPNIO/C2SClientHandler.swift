import NIOCore
import NIOSSL
import NIOTLS
import XMPPCore
import XMPPProtocol

/// What a virtual client does with its stream: called on the connection's event loop.
public protocol C2SClientHandlerDelegate: AnyObject {
    /// Bound; stanzas flow.
    func streamEstablished(_ handler: C2SClientHandler, jid: JID)
    /// A stanza (or other first-level element) from the server.
    func stream(_ handler: C2SClientHandler, received element: XMLElement)
    /// Negotiation or the session failed; the connection closes next.
    func stream(_ handler: C2SClientHandler, failed failure: C2SClientFailure)
    /// The connection is gone. Called once.
    func streamEnded(_ handler: C2SClientHandler)
    /// XEP-0198: the session was resumed; the server handled `h` of our stanzas.
    func stream(_ handler: C2SClientHandler, resumed jid: JID, h: UInt32)
    /// XEP-0198: the resumption was refused; a new resource is being bound.
    func stream(_ handler: C2SClientHandler, resumeFailed failure: ResumeFailure)
    /// XEP-0198: `<enable/>` went out (outbound counting starts).
    func streamManagementRequested(_ handler: C2SClientHandler)
    /// A XEP-0198 element from the server on the bound stream.
    func stream(_ handler: C2SClientHandler, streamManagement element: SMElement)
}

/// Drives a `C2SClientStream` on one connection.
public final class C2SClientHandler: ChannelInboundHandler, RemovableChannelHandler {
    public typealias InboundIn = ByteBuffer
    public typealias OutboundOut = ByteBuffer

    var machine: C2SClientStream
    let io: StreamIO
    /// The TLS context (trusting the lab CA) and the name to verify.
    let tlsContext: NIOSSLContext?
    let serverHostname: String
    public var delegate: (any C2SClientHandlerDelegate)?
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
    var ended = false
    /// Inside `channelRead`: writes are flushed once, at the end of the read.
    var reading = false

    public init(machine: C2SClientStream, tlsContext: NIOSSLContext?, serverHostname: String, parserLimits: XMLStreamParser.Limits = .init()) {
        self.machine = machine
        self.io = StreamIO(contentNamespace: XMLNamespace.client, limits: parserLimits)
        self.tlsContext = tlsContext
        self.serverHostname = serverHostname
    }

    public var jid: JID? { machine.boundJID }
    public var isEncrypted: Bool { machine.isEncrypted }

    public func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        if context.channel.isActive { start() }
    }

    public func channelActive(context: ChannelHandlerContext) {
        start()
        context.fireChannelActive()
    }

    private var started = false
    private func start() {
        guard !started else { return }
        started = true
        if let context, let observing { io.observe(observing.observing, role: .c2sClient, node: observing.node, channel: context.channel) }
        perform(machine.start())
        flush()
    }

    public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        reading = true
        onRead?()
        for event in io.events(in: unwrapInboundIn(data)) {
            io.handling(event)
            let actions = machine.handle(event)
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
            perform(machine.tlsEstablished())
            io.flush(context: context)
        }
        context.fireUserInboundEventTriggered(event)
    }

    public func errorCaught(context: ChannelHandlerContext, error: any Error) {
        io.observer?.streamTransportFailed(error)
        if !ended, let sslError = error as? NIOSSLError {
            delegate?.stream(self, failed: .protocolViolation("TLS: \(sslError)"))
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
        machine.connectionClosed()
        let delegate = self.delegate
        self.delegate = nil
        delegate?.streamEnded(self)
    }

    // MARK: - Actions

    @discardableResult
    func perform(_ actions: [C2SClientAction]) -> Bool {
        guard let context else { return true }
        var discardRest = false
        for action in actions {
            switch action {
            case .sendHeader(let header):
                io.write(header, context: context)
            case .send(let element):
                io.write(element, context: context)
            case .startTLS:
                discardRest = true
                startTLS(context: context)
            case .restartStream:
                discardRest = true
                io.parser.reset()
            case .established(let jid):
                delegate?.streamEstablished(self, jid: jid)
            case .resumed(let jid, let h):
                delegate?.stream(self, resumed: jid, h: h)
            case .resumeFailed(let failure):
                delegate?.stream(self, resumeFailed: failure)
            case .streamManagementRequested:
                delegate?.streamManagementRequested(self)
            case .streamManagement(let element):
                delegate?.stream(self, streamManagement: element)
            case .received(let element):
                delegate?.stream(self, received: element)
            case .failed(let failure):
                delegate?.stream(self, failed: failure)
            case .close(let error):
                discardRest = true
                io.close(error, preface: closingElement?(), context: context)
            }
        }
        return discardRest
    }

    public func flush() {
        guard let context, !reading else { return }
        io.flush(context: context)
    }

    private func startTLS(context: ChannelHandlerContext) {
        guard let tlsContext else {
            perform(machine.received(XMLElement(name: "failure", namespace: XMLNamespace.tls)))
            return
        }
        do {
            _ = io.startTLS(try NIOSSLClientHandler(context: tlsContext, serverHostname: serverHostname), context: context)
        } catch {
            delegate?.stream(self, failed: .protocolViolation("TLS: \(error)"))
            context.close(promise: nil)
        }
    }

    // MARK: - Called by the client (on the connection's event loop)

    /// Sends a stanza and flushes.
    public func send(_ element: XMLElement) {
        write(element)
        flush()
    }

    /// Queues an element; `flush()` (or the end of the current read) sends it.
    public func write(_ element: XMLElement) {
        guard let context, !ended else { return }
        io.write(element, context: context)
    }

    /// The connection is gone (reported to the delegate).
    public var isEnded: Bool { ended }

    /// Closes the stream (`</stream:stream>`) and then the connection.
    public func close() {
        perform(machine.close())
    }
}
