import NIOCore
import NIOSSL
import XMPPCore
import XMPPProtocol

extension C2SServerHandler {
    /// Performs `actions` in order; `true` when the rest of the current read
    /// must be discarded (the stream restarted, TLS started, or it closed).
    @discardableResult
    func perform(_ actions: [C2SServerAction]) -> Bool {
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
            case .authenticated(let identity, let mechanism):
                delegate?.streamAuthenticated(self, identity: identity, mechanism: mechanism)
            case .bind(let account, let requestedResource):
                let decision = delegate?.streamRequestsBind(self, account: account, requestedResource: requestedResource)
                    ?? .failure(StanzaError(.internalServerError))
                switch decision {
                case .success(let jid): perform(machine.bindCompleted(jid))
                case .failure(let error): perform(machine.bindFailed(error))
                }
            case .established(let jid):
                delegate?.streamEstablished(self, jid: jid)
            case .route(let stanza):
                delegate?.stream(self, received: stanza)
            case .resume(let account, let previd, let h):
                let decision = delegate?.streamRequestsResume(self, account: account, previd: previd, h: h)
                    ?? .failure(ResumeFailure(.itemNotFound))
                switch decision {
                case .success(let jid): perform(machine.resumeCompleted(jid))
                case .failure(let failure): perform(machine.resumeFailed(failure))
                }
            case .streamManagement(let element):
                delegate?.stream(self, streamManagement: element)
            case .scheduleNegotiationTimeout(let duration):
                negotiationTimer?.cancel()
                negotiationTimer = context.eventLoop.assumeIsolated().scheduleTask(in: TimeAmount(duration)) {
                    self.perform(self.machine.negotiationTimedOut())
                    self.flush()
                }
            case .cancelNegotiationTimeout:
                negotiationTimer?.cancel()
                negotiationTimer = nil
            case .close(let error):
                discardRest = true
                lastError = error
                io.close(error, preface: closingElement?(), context: context)
            }
        }
        return discardRest
    }

    private func startTLS(context: ChannelHandlerContext) {
        guard let sslContext = tls.context else {
            context.close(promise: nil)
            return
        }
        let handler = NIOSSLServerHandler(context: sslContext)
        if io.startTLS(handler, context: context) { tlsHandler = handler }
    }

    // MARK: - Called by the server (on the connection's event loop)

    /// Sends a stanza (or other first-level element) to the client; flushed
    /// at the end of the current read or by `flush()`.
    public func send(_ element: XMLElement) {
        guard let context, !machine.isClosed else { return }
        io.write(element, context: context)
    }

    /// Sends and flushes at once (for stanzas that originate outside a read).
    public func sendNow(_ element: XMLElement) {
        send(element)
        flush()
    }

    /// Flushes anything `send` queued.
    /// Flushes what `send` queued; during this connection's own read the
    /// flush is left to the end of the read (one write for all the answers).
    public func flush() {
        guard let context, !reading else { return }
        io.flush(context: context)
    }

    /// Closes the stream from the server side (replaced session, shutdown).
    public func close(_ error: StreamError?) {
        perform(machine.serverClose(error))
    }
}
