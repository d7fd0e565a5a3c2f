import LabNet
import NIOCore
import XMPPCore
import XMPPNIO
import XMPPProtocol

/// The outgoing stream from one hosted domain to one remote domain: its
/// queue while being set up, its connection attempts in DNS order; when
/// bidirectional (XEP-0288), the stanzas the remote domain sends back over
/// it; and further domain pairs multiplexed over it (XEP-0220 §2.6).
final class OutgoingLink: S2SOutgoingHandlerDelegate {
    let local: String
    let remote: String
    unowned let manager: S2SManager
    var queue: [XMLElement] = []
    var handler: S2SOutgoingHandler?
    var channel: (any Channel)?
    /// Where the connection went (target multiplexing looks for it, XEP-0220 §2.6.2).
    var connectedAddress: NetworkAddress?
    var isEstablished = false
    /// How the stream authenticated, once established.
    var method: S2SAuthenticationMethod?
    /// Addresses not tried yet (RFC 6120 §3.2.1: next target when one fails).
    var remaining: [NetworkAddress] = []
    var failure: StanzaErrorCondition = .remoteServerNotFound
    var abandoned = false
    var idleTimer: Scheduled<Void>?
    /// XEP-0198 counts for the established stream, when the receiving server offered it.
    var streamManagement: StreamManagement?
    var ackTimer: Scheduled<Void>?
    /// XEP-0199 pings when the remote server has been silent.
    var keepalive: KeepaliveDriver?
    /// The receiving server's resumption id for this stream (from `<enabled/>`).
    var resumptionID: String?
    /// A broken stream's id and counts, to resume over this link (XEP-0198 §5);
    /// new stanzas wait in `queue` until the answer.
    var resuming: (id: String, state: StreamManagement)?

    init(local: String, remote: String, manager: S2SManager, resuming: (id: String, state: StreamManagement)? = nil) {
        self.local = local
        self.remote = remote
        self.manager = manager
        self.resuming = resuming
    }

    /// The pair the stream was opened for.
    var pair: DomainPair { DomainPair(from: local, to: remote) }

    /// Whether stanzas of `pair` may go over this stream now (its own pair,
    /// or one multiplexed over it, XEP-0220 §2.6).
    func carries(_ pair: DomainPair) -> Bool {
        guard isEstablished, resuming == nil, let handler else { return false }
        return handler.carries(pair)
    }

    /// Resolves and starts the first attempt.
    func start() {
        manager.resolve(remote) { [self] result in
            guard !abandoned else { return }
            switch result {
            case .failure(let error): fail(error.condition)
            case .success(let addresses):
                remaining = addresses
                attemptNext()
            }
        }
    }

    /// Tries the next address; when none is left, bounces the queue.
    func attemptNext() {
        guard !abandoned else { return }
        guard !remaining.isEmpty else {
            fail(failure)
            return
        }
        let address = remaining.removeFirst()
        if resuming == nil, let host = manager.link(at: address, carrying: pair) {
            handOver(to: host)
            return
        }
        var machine = S2SOutgoingStream(
            localDomain: local, remoteDomain: remote, policy: manager.policy, dialbackKey: manager.dialbackKeys)
        machine.resumption = resuming.map { S2SResumption(previd: $0.id, h: $0.state.handled) }
        let handler = S2SOutgoingHandler(machine: machine, tlsContext: manager.outgoingTLS, parserLimits: manager.core.configuration.parserLimits)
        handler.delegate = self
        // XEP-0198: a final ack before our `</stream:stream>`.
        handler.closingElement = { [weak self] in self?.streamManagement.map { SMElement.ack(h: $0.handled).element } }
        manager.connect(to: address, handler: handler) { [self] result in
            switch result {
            case .success(let channel):
                self.channel = channel
                self.handler = handler
                connectedAddress = address
            case .failure(let error):
                handler.delegate = nil
                failure = error.condition
                attemptNext()
            }
        }
    }

    /// Sends now or queues until the stream is up.
    /// Keepalive pings pass `isActivity: false`, so they do not keep an idle stream open.
    func send(_ stanza: XMLElement, isActivity: Bool = true) {
        if isEstablished, resuming == nil, let handler {
            write(stanza, on: handler)
            if isActivity { restartIdleTimer() }
        } else {
            queue.append(stanza)
        }
    }

    /// Writes a stanza on the established stream, counted when XEP-0198 is on.
    private func write(_ stanza: XMLElement, on handler: S2SOutgoingHandler) {
        if streamManagement != nil {
            perform(streamManagement!.send(stanza), on: handler)
        } else {
            handler.send(stanza)
        }
    }

    /// A stanza of another pair this stream carries (XEP-0220 §2.6): at
    /// once, or after the receiving server accepted its pair.
    func sendMultiplexed(_ stanza: XMLElement) {
        guard let handler, isEstablished, resuming == nil else {
            manager.forget(self)
            manager.resend([stanza])
            return
        }
        handler.sendMultiplexed(stanza)
        restartIdleTimer()
    }

    /// Target multiplexing (XEP-0220 §2.6.2): the remote domain is served at
    /// the address of a stream we hold, which can carry this pair too; what
    /// waited here goes over it and this link ends before connecting.
    private func handOver(to host: OutgoingLink) {
        abandoned = true
        manager.forget(self)
        manager.multiplexed[pair] = host
        manager.core.logger.debug("s2s multiplexed", metadata: ["pair": "\(pair)", "over": "\(host.pair)"])
        let queued = queue
        queue = []
        for stanza in queued { host.sendMultiplexed(stanza) }
    }

    /// Closes the stream when it carried nothing (either way) for the policy's idle timeout.
    func restartIdleTimer() {
        idleTimer?.cancel()
        idleTimer = manager.core.eventLoop.assumeIsolated().scheduleTask(in: TimeAmount(manager.policy.idleTimeout)) { [weak self] in
            guard let self, let handler = self.handler else { return }
            // Closed only once the receiving server acknowledged everything
            // (XEP-0198): otherwise ask now and look again after another idle period.
            if let state = self.streamManagement, !state.unacknowledged.isEmpty {
                handler.send(SMElement.request.element)
                self.restartIdleTimer()
            } else {
                handler.close()
            }
        }
    }

    /// Every queued stanza bounces with `condition`; the link is forgotten.
    func fail(_ condition: StanzaErrorCondition) {
        guard !abandoned else { return }
        abandoned = true
        manager.forget(self)
        manager.linkFailed(remote, condition: condition)
        // A stream being resumed that cannot be reached: what it held bounces too.
        var held: [XMLElement] = []
        if var state = resuming?.state { held = state.takeUnacknowledged() }
        resuming = nil
        let queued = held + queue
        queue = []
        for stanza in queued {
            let original = stanza.replacingNamespace(XMLNamespace.server, with: XMLNamespace.client)
            manager.core.bounce(original, error: StanzaError(condition, text: "\(remote) could not be reached"))
        }
    }

    /// Server shutdown: stop without bouncing (the server is going away).
    func abandon() {
        abandoned = true
        idleTimer?.cancel()
        ackTimer?.cancel()
        keepalive?.stop()
        handler?.delegate = nil
    }

    // MARK: - S2SOutgoingHandlerDelegate

    func streamEstablished(_ handler: S2SOutgoingHandler, method: S2SAuthenticationMethod) {
        isEstablished = true
        self.method = method
        manager.linkEstablished(remote)
        restartIdleTimer()
        manager.core.logger.debug("s2s established", metadata: ["remote": "\(remote)", "method": "\(method.rawValue)"])
        startKeepalive(handler)
        // Resuming: nothing new goes out before the receiving server answers.
        guard resuming == nil else { return }
        let queued = queue
        queue = []
        for stanza in queued { send(stanza) }
    }

    /// Pings the remote server after the policy's silence; without an answer
    /// (over any stream from it) the stream is closed as dead.
    func startKeepalive(_ handler: S2SOutgoingHandler) {
        let policy = manager.policy.keepalive
        guard policy.isEnabled else { return }
        let driver = KeepaliveDriver(
            configuration: policy.configuration(to: remote, from: local, namespace: XMLNamespace.server),
            eventLoop: manager.core.eventLoop,
            send: { [weak self] ping in self?.send(ping, isActivity: false) },
            dead: { [weak handler] error in
                handler?.close(error)
                handler?.closeConnection()
            })
        handler.onRead = { [weak driver] in driver?.trafficArrived() }
        keepalive = driver
        driver.start()
    }

    func streamManagementRequested(_ handler: S2SOutgoingHandler) {
        streamManagement = manager.policy.streamManagement.makeState()
    }

    func stream(_ handler: S2SOutgoingHandler, streamManagement element: SMElement) {
        if let resuming {
            resumptionAnswered(element, resuming: resuming, handler: handler)
            return
        }
        guard streamManagement != nil else { return }
        switch element {
        case .enabled(let id, let resume, _, _):
            resumptionID = resume ? id : nil
        case .failed:
            // Refused: the stream goes on without acks.
            streamManagement = nil
        case .request:
            perform(streamManagement!.receivedRequest(), on: handler)
        case .ack(let h):
            let before = streamManagement!.unacknowledged.count
            perform(streamManagement!.receivedAck(h: h), on: handler)
            if (streamManagement?.unacknowledged.count ?? 0) < before { manager.acknowledged(by: remote) }
        default:
            break
        }
    }

    /// Performs stream-management actions on the stream.
    func perform(_ actions: [SMAction], on handler: S2SOutgoingHandler) {
        for action in actions {
            switch action {
            case .send(let element):
                handler.write(element)
            case .scheduleAckRequest(let delay):
                ackTimer?.cancel()
                ackTimer = manager.core.eventLoop.assumeIsolated().scheduleTask(in: TimeAmount(delay)) { [weak self] in
                    guard let self, self.streamManagement != nil, let handler = self.handler else { return }
                    self.perform(self.streamManagement!.ackTimerFired(), on: handler)
                }
            case .close(let error):
                handler.close(error)
            }
        }
        handler.flush()
    }

    func stream(_ handler: S2SOutgoingHandler, failed failure: S2SFailure) {
        manager.core.logger.debug("s2s negotiation failed", metadata: ["remote": "\(remote)", "failure": "\(failure)"])
        self.failure = .remoteServerNotFound
    }

    func stream(_ handler: S2SOutgoingHandler, verdict: DialbackVerdict) {}

    func stream(_ handler: S2SOutgoingHandler, multiplexing event: S2SMultiplexingEvent) {
        switch event {
        case .authorized(let pair):
            manager.core.logger.debug("s2s pair multiplexed", metadata: ["pair": "\(pair)", "over": "\(self.pair)"])
        case .refused(let pair, let error):
            manager.core.logger.debug("s2s pair refused", metadata: ["pair": "\(pair)", "condition": "\(error.condition.rawValue)"])
            if manager.multiplexed[pair] === self { manager.multiplexed[pair] = nil }
        case .send(let stanza):
            write(stanza, on: handler)
        case .bounce(let stanzas, let error):
            for stanza in stanzas {
                manager.core.bounce(stanza.replacingNamespace(XMLNamespace.server, with: XMLNamespace.client), error: error)
            }
        case .reroute(let stanzas):
            // A key of this stream was found invalid: nothing more multiplexes over it.
            manager.multiplexed = manager.multiplexed.filter { $0.value !== self }
            manager.resend(stanzas)
        }
    }

    func stream(_ handler: S2SOutgoingHandler, received stanza: XMLElement) {
        streamManagement?.receivedStanza()
        if keepalive?.received(stanza) == true { return }
        restartIdleTimer()
        manager.core.routeFromRemote(stanza.replacingNamespace(XMLNamespace.server, with: XMLNamespace.client))
    }

    func stream(_ handler: S2SOutgoingHandler, verifyDialbackFrom originating: String, to receiving: String, streamID: String, key: String) {
        let verification = VerificationLink(
            originating: originating, receiving: receiving, streamID: streamID, key: key, manager: manager
        ) { [weak handler] verdict in
            handler?.dialbackVerified(originating: originating, receiving: receiving, verdict: verdict)
        }
        verification.start()
    }

    func streamEnded(_ handler: S2SOutgoingHandler) {
        self.handler = nil
        channel = nil
        idleTimer?.cancel()
        ackTimer?.cancel()
        keepalive?.stop()
        keepalive = nil
        if isEstablished {
            // The stream is gone; the next stanza makes a new one.
            manager.forget(self)
            abandoned = true
            // XEP-0198: a broken stream with stanzas unacknowledged is resumed over a
            // new connection when it can be, else they go again over a new stream.
            let id = resuming?.id ?? resumptionID
            if var state = resuming?.state ?? streamManagement, !state.unacknowledged.isEmpty || !queue.isEmpty {
                if let id {
                    manager.resume(pair, id: id, state: state, queue: queue)
                } else {
                    manager.resend(state.takeUnacknowledged() + queue)
                }
            } else if !queue.isEmpty {
                manager.resend(queue)
            }
            resuming = nil
            queue = []
        } else if !remaining.isEmpty {
            attemptNext()
        } else {
            fail(failure)
        }
    }

    /// The receiving server's answer to `<resume/>`: carry on with the old
    /// counts (sending again what it missed), or start afresh and send
    /// everything it never acknowledged.
    private func resumptionAnswered(_ element: SMElement, resuming: (id: String, state: StreamManagement), handler: S2SOutgoingHandler) {
        self.resuming = nil
        switch element {
        case .resumed(_, let h):
            streamManagement = resuming.state
            resumptionID = resuming.id
            perform(streamManagement!.resume(peerHandled: h), on: handler)
            manager.core.logger.debug("s2s resumed", metadata: ["remote": "\(remote)", "h": "\(h)"])
        default:
            var old = resuming.state
            queue = old.takeUnacknowledged() + queue
            let policy = manager.policy.streamManagement
            handler.send(SMElement.enable(resume: policy.resumption, max: nil).element)
            streamManagement = policy.makeState()
        }
        let queued = queue
        queue = []
        for stanza in queued { send(stanza) }
    }
}
