import NIOCore
import XMPPCore
import XMPPNIO
import XMPPProtocol

/// One client session of a server, from accept to its end. Usually one
/// connection; with XEP-0198 resumption it outlives a dropped connection
/// (hibernating, `handler == nil`) and carries on over a new one. Lives on
/// the server's event loop; the handler reports to it, it reports to the server.
final class C2SSession: C2SServerHandlerDelegate {
    /// Accept order on this server: a stable name for traces.
    let number: Int
    /// The connection, `nil` while the session waits to be resumed.
    private(set) var handler: C2SServerHandler?
    unowned let server: ServerCore
    /// The bound full JID (set by `ServerCore.bind`).
    var jid: JID?
    /// The last available presence the client broadcast (RFC 6121 §4.2, §4.4);
    /// `nil` until initial presence and after unavailable presence.
    var presence: XMLElement?
    /// The priority of `presence` (RFC 6121 §4.7.2.3).
    var priority: Int8 = 0
    /// The client asked for its roster, so it gets roster pushes
    /// ("interested resource", RFC 6121 §2.1.6).
    var isInterested = false
    /// Whom the client sent directed available presence to, outside its
    /// subscriptions: they get unavailable presence when it goes away (RFC 6121 §4.6.3).
    var directedPresenceRecipients: Set<JID> = []
    /// Replaced by a newer session with the same full JID: it no longer owns the resource.
    var isReplaced = false
    /// XEP-0198 counts, once the client enabled stream management.
    var streamManagement: StreamManagement?
    /// The id a client resumes this session by (XEP-0198 §5), when resumable.
    var resumptionID: String?
    /// How long the session waits for a resumption after its connection died.
    var resumeTimeout: Duration = .zero
    var hibernationTimer: Scheduled<Void>?
    var ackTimer: Scheduled<Void>?
    /// XEP-0199 pings while the client is silent.
    var keepalive: KeepaliveDriver?

    var isAvailable: Bool { presence != nil }
    var isHibernating: Bool { handler == nil }

    init(number: Int, handler: C2SServerHandler, server: ServerCore) {
        self.number = number
        self.handler = handler
        self.server = server
        handler.closingElement = finalAck
    }

    /// XEP-0198: the `<a/>` that goes out before our `</stream:stream>`.
    private var finalAck: () -> XMLElement? {
        { [weak self] in self?.streamManagement.map { SMElement.ack(h: $0.handled).element } }
    }

    // MARK: - C2SServerHandlerDelegate

    func streamAuthenticated(_ handler: C2SServerHandler, identity: SASLIdentity, mechanism: String) {
        server.logger.debug("c2s authenticated", metadata: ["session": "\(number)", "authcid": "\(identity.authcid)", "mechanism": "\(mechanism)"])
    }

    func streamRequestsBind(_ handler: C2SServerHandler, account: JID, requestedResource: String?) -> Result<JID, StanzaError> {
        server.bind(self, account: account, requestedResource: requestedResource)
    }

    func streamRequestsResume(_ handler: C2SServerHandler, account: JID, previd: String, h: UInt32) -> Result<JID, ResumeFailure> {
        server.resume(previd, account: account, peerHandled: h, on: handler, from: self)
    }

    func streamEstablished(_ handler: C2SServerHandler, jid: JID) {
        server.logger.debug("c2s bound", metadata: ["session": "\(number)", "jid": "\(jid)"])
        startKeepalive()
    }

    func stream(_ handler: C2SServerHandler, received stanza: XMLElement) {
        streamManagement?.receivedStanza()
        if keepalive?.received(stanza) == true { return }
        server.routeFromClient(stanza, session: self)
    }

    /// Pings the client when it is silent; no answer in time closes the
    /// connection with `connection-timeout` (and a resumable session hibernates).
    func startKeepalive() {
        keepalive?.stop()
        keepalive = nil
        let policy = server.configuration.keepalive
        guard policy.isEnabled, let jid, let handler else { return }
        let driver = KeepaliveDriver(
            configuration: policy.configuration(to: jid.description, from: jid.domainpart),
            eventLoop: server.eventLoop,
            send: { [weak self] ping in self?.deliver(ping) },
            dead: { [weak handler] error in
                handler?.close(error)
                // The peer is unreachable: do not wait for the closing bytes to drain.
                handler?.channel?.close(promise: nil)
            })
        handler.onRead = { [weak driver] in driver?.trafficArrived() }
        keepalive = driver
        driver.start()
    }

    func stream(_ handler: C2SServerHandler, streamManagement element: SMElement) {
        server.handleStreamManagement(element, session: self)
    }

    func streamEnded(_ handler: C2SServerHandler, error: StreamError?) {
        // A connection this session left behind (taken over by a resumption) says nothing.
        guard handler === self.handler else { return }
        if resumptionID != nil, !isReplaced, !handler.peerClosedStream,
           error == nil || error?.condition == .connectionTimeout {
            hibernate()
        } else {
            server.sessionEnded(self)
        }
    }

    // MARK: - Sending

    /// Sends to the client and flushes; with stream management the stanza is
    /// kept until acknowledged (and held while the session hibernates).
    func deliver(_ element: XMLElement) {
        guard streamManagement != nil else {
            handler?.sendNow(element)
            return
        }
        if handler != nil {
            perform(streamManagement!.send(element))
        } else if !streamManagement!.hold(element) {
            server.undeliverable([element], session: self)
        }
    }

    /// Performs stream-management actions on the current connection.
    func perform(_ actions: [SMAction]) {
        for action in actions {
            switch action {
            case .send(let element):
                handler?.send(element)
            case .scheduleAckRequest(let delay):
                ackTimer?.cancel()
                ackTimer = server.eventLoop.assumeIsolated().scheduleTask(in: TimeAmount(delay)) {
                    guard self.streamManagement != nil else { return }
                    self.perform(self.streamManagement!.ackTimerFired())
                }
            case .close(let error):
                handler?.close(error)
            }
        }
        handler?.flush()
    }

    // MARK: - Resumption

    /// The connection died: keep the session (bound, presence unchanged) for
    /// `resumeTimeout`; what arrives meanwhile waits in the unacknowledged queue.
    private func hibernate() {
        detach()
        server.logger.debug("c2s hibernating", metadata: ["session": "\(number)", "jid": "\(jid?.description ?? "-")"])
        startHibernationTimer()
    }

    /// Lets go of the connection and its timers; the session stays bound.
    func detach() {
        handler?.delegate = nil
        handler = nil
        keepalive?.stop()
        keepalive = nil
        ackTimer?.cancel()
        ackTimer = nil
        hibernationTimer?.cancel()
        hibernationTimer = nil
    }

    /// Waits `resumeTimeout` for a resumption, then ends the session.
    func startHibernationTimer() {
        hibernationTimer?.cancel()
        hibernationTimer = server.eventLoop.assumeIsolated().scheduleTask(in: TimeAmount(resumeTimeout)) {
            self.hibernationTimer = nil
            guard self.handler == nil else { return }
            self.server.sessionEnded(self)
        }
    }

    /// Moves the session onto `handler` (a resumption), leaving the old
    /// connection, if any, closed with `conflict`.
    func attach(_ handler: C2SServerHandler) {
        hibernationTimer?.cancel()
        hibernationTimer = nil
        if let old = self.handler {
            old.delegate = nil
            old.close(StreamError(.conflict, text: "The session was resumed on another connection"))
        }
        handler.delegate = self
        handler.closingElement = finalAck
        self.handler = handler
    }

    /// Stops the session's timers (it ends, or the server crashed).
    func cancelTimers() {
        keepalive?.stop()
        keepalive = nil
        hibernationTimer?.cancel()
        hibernationTimer = nil
        ackTimer?.cancel()
        ackTimer = nil
    }
}
