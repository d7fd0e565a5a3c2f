import LabNet
import NIOCore
import XMPPCore
import XMPPNIO
import XMPPProtocol

/// One incoming s2s connection: stanzas from the domains it authenticated,
/// and, when bidirectional (XEP-0288), stanzas back to them.
final class IncomingS2SSession: S2SIncomingHandlerDelegate {
    let handler: S2SIncomingHandler
    unowned let manager: S2SManager
    /// The domain pairs this stream has authorized, and how.
    var authorized: [DomainPair: S2SAuthenticationMethod] = [:]
    /// The pair authorized first: the stream's own (others are multiplexed, XEP-0220 §2.6).
    var firstPair: DomainPair?
    /// XEP-0198 counts, once the initiating server enabled it.
    var streamManagement: StreamManagement?
    var ackTimer: Scheduled<Void>?
    /// The id the initiating server resumes this stream by (XEP-0198 §5).
    var resumptionID: String?
    /// Running while the broken stream waits to be resumed.
    var hibernationTimer: Scheduled<Void>?

    init(handler: S2SIncomingHandler, manager: S2SManager) {
        self.handler = handler
        self.manager = manager
        // XEP-0198: a final ack before our `</stream:stream>`.
        handler.closingElement = { [weak self] in self?.streamManagement.map { SMElement.ack(h: $0.handled).element } }
    }

    func stream(_ handler: S2SIncomingHandler, authorized pair: DomainPair, method: S2SAuthenticationMethod) {
        authorized[pair] = method
        if firstPair == nil { firstPair = pair }
        manager.core.logger.debug("s2s incoming authorized", metadata: ["pair": "\(pair)", "method": "\(method.rawValue)"])
    }

    func stream(_ handler: S2SIncomingHandler, maySend pair: DomainPair) {
        manager.bidiRoutes[pair.to] = self
        manager.core.logger.debug("s2s incoming stream is bidirectional", metadata: ["pair": "\(pair)"])
    }

    /// Sends a `jabber:server` stanza back over this bidirectional stream
    /// (kept until acknowledged when XEP-0198 is on); false when the stream
    /// cannot carry it (the caller opens a connection instead).
    func send(_ stanza: XMLElement) -> Bool {
        do {
            try handler.send(stanza)
        } catch {
            manager.core.logger.debug("s2s bidi send refused", metadata: ["reason": "\(error)"])
            return false
        }
        if streamManagement != nil {
            var actions = streamManagement!.send(stanza)
            // The stanza itself is already written.
            if case .send = actions.first { actions.removeFirst() }
            perform(actions)
        }
        return true
    }

    func stream(_ handler: S2SIncomingHandler, verifyDialbackFrom originating: String, to receiving: String, streamID: String, key: String) {
        let verification = VerificationLink(
            originating: originating, receiving: receiving, streamID: streamID, key: key, manager: manager
        ) { [weak handler] verdict in
            handler?.dialbackVerified(originating: originating, receiving: receiving, verdict: verdict)
        }
        verification.start()
    }

    func stream(_ handler: S2SIncomingHandler, received stanza: XMLElement) {
        streamManagement?.receivedStanza()
        manager.core.routeFromRemote(stanza.replacingNamespace(XMLNamespace.server, with: XMLNamespace.client))
    }

    func stream(_ handler: S2SIncomingHandler, streamManagement element: SMElement) {
        switch element {
        case .enable(let resume, _):
            guard streamManagement == nil else {
                handler.sendStreamElement(SMElement.failed(condition: .unexpectedRequest, h: nil).element)
                return
            }
            let policy = manager.policy.streamManagement
            streamManagement = policy.makeState()
            var max: Int?
            if resume && policy.resumption {
                let id = manager.newResumptionID()
                resumptionID = id
                manager.resumableIncoming[id] = self
                max = Swift.max(1, Int(policy.resumeTimeout.components.seconds))
            }
            handler.sendStreamElement(SMElement.enabled(id: resumptionID, resume: resumptionID != nil, max: max, location: nil).element)
        case .resume(let previd, let h):
            resume(previd, peerHandled: h)
        case .request:
            guard let state = streamManagement else {
                handler.sendStreamElement(SMElement.failed(condition: .unexpectedRequest, h: nil).element)
                return
            }
            perform(state.receivedRequest())
        case .ack(let h):
            guard streamManagement != nil else { return }
            perform(streamManagement!.receivedAck(h: h))
        default:
            break
        }
    }

    /// Performs stream-management actions on this connection.
    func perform(_ actions: [SMAction]) {
        for action in actions {
            switch action {
            case .send(let element):
                handler.sendStreamElement(element)
            case .scheduleAckRequest(let delay):
                ackTimer?.cancel()
                ackTimer = manager.core.eventLoop.assumeIsolated().scheduleTask(in: TimeAmount(delay)) { [weak self] in
                    guard let self, self.streamManagement != nil else { return }
                    self.perform(self.streamManagement!.ackTimerFired())
                }
            case .close(let error):
                handler.close(error)
            }
        }
    }

    func streamEnded(_ handler: S2SIncomingHandler, error: StreamError?) {
        guard handler === self.handler else { return }
        manager.incoming[ObjectIdentifier(self)] = nil
        ackTimer?.cancel()
        // The next stanza for these domains opens a connection of our own.
        for (remote, session) in manager.bidiRoutes where session === self { manager.bidiRoutes[remote] = nil }
        if resumptionID != nil, streamManagement != nil, !handler.peerClosedStream, error == nil || error?.condition == .connectionTimeout {
            // Broken, not closed: the initiating server may resume it (XEP-0198 §5).
            let timeout = TimeAmount(manager.policy.streamManagement.resumeTimeout)
            hibernationTimer = manager.core.eventLoop.assumeIsolated().scheduleTask(in: timeout) { [self] in
                hibernationTimer = nil
                end()
            }
            return
        }
        end()
    }

    /// The stream will not be resumed: what we sent back over it and was
    /// never acknowledged goes again, over a stream of our own.
    func end() {
        if let id = resumptionID, manager.resumableIncoming[id] === self { manager.resumableIncoming[id] = nil }
        resumptionID = nil
        if let unacknowledged = streamManagement?.takeUnacknowledged(), !unacknowledged.isEmpty {
            manager.resend(unacknowledged)
        }
        streamManagement = nil
    }

    /// XEP-0198 §5 on s2s: the initiating server resumes the stream `previd`
    /// over this new one; only a stream from a domain this one authenticated.
    func resume(_ previd: String, peerHandled h: UInt32) {
        let remotes = Set(authorized.keys.map(\.from))
        guard streamManagement == nil, let old = manager.resumableIncoming[previd], old !== self,
              !remotes.isDisjoint(with: old.authorized.keys.map(\.from)), let state = old.streamManagement
        else {
            handler.sendStreamElement(SMElement.failed(condition: .itemNotFound, h: nil).element)
            return
        }
        old.hibernationTimer?.cancel()
        old.hibernationTimer = nil
        if manager.incoming[ObjectIdentifier(old)] != nil {
            // Still open as far as we know: this connection replaces it.
            manager.incoming[ObjectIdentifier(old)] = nil
            old.handler.delegate = nil
            old.handler.close(StreamError(.conflict, text: "The stream was resumed on another connection"))
        }
        old.streamManagement = nil
        old.resumptionID = nil
        streamManagement = state
        resumptionID = previd
        manager.resumableIncoming[previd] = self
        handler.sendStreamElement(SMElement.resumed(previd: previd, h: state.handled).element)
        perform(streamManagement!.resume(peerHandled: h))
    }
}

/// A connection to the authoritative server of `originating`, asking whether
/// a dialback key is right (XEP-0220 §2.1.2), tried at each DNS target in order.
final class VerificationLink: S2SOutgoingHandlerDelegate {
    let originating: String
    let receiving: String
    let streamID: String
    let key: String
    unowned let manager: S2SManager
    let completion: (DialbackVerdict) -> Void
    var remaining: [NetworkAddress] = []
    var channel: (any Channel)?
    var answered = false

    init(originating: String, receiving: String, streamID: String, key: String, manager: S2SManager, completion: @escaping (DialbackVerdict) -> Void) {
        self.originating = originating
        self.receiving = receiving
        self.streamID = streamID
        self.key = key
        self.manager = manager
        self.completion = completion
    }

    func start() {
        manager.verifications[ObjectIdentifier(self)] = self
        manager.resolve(originating) { [self] result in
            guard !answered else { return }
            switch result {
            case .failure(let error): finish(.error(error.condition))
            case .success(let addresses):
                remaining = addresses
                attemptNext(lastFailure: .remoteServerNotFound)
            }
        }
    }

    func attemptNext(lastFailure: StanzaErrorCondition) {
        guard !answered else { return }
        guard !remaining.isEmpty else {
            finish(.error(lastFailure))
            return
        }
        let address = remaining.removeFirst()
        let machine = S2SOutgoingStream(
            localDomain: receiving, remoteDomain: originating, policy: manager.policy,
            purpose: .verify(streamID: streamID, key: key), dialbackKey: { _, _, _ in "" }
        )
        let handler = S2SOutgoingHandler(machine: machine, tlsContext: manager.outgoingTLS, parserLimits: manager.core.configuration.parserLimits)
        handler.delegate = self
        manager.connect(to: address, handler: handler) { [self] result in
            switch result {
            case .success(let channel): self.channel = channel
            case .failure(let error):
                handler.delegate = nil
                attemptNext(lastFailure: error.condition)
            }
        }
    }

    func finish(_ verdict: DialbackVerdict) {
        guard !answered else { return }
        answered = true
        manager.verifications[ObjectIdentifier(self)] = nil
        completion(verdict)
    }

    func streamEstablished(_ handler: S2SOutgoingHandler, method: S2SAuthenticationMethod) {}
    func stream(_ handler: S2SOutgoingHandler, failed failure: S2SFailure) {}
    // A verification stream never asks for bidi: nothing comes back but the verdict.
    func stream(_ handler: S2SOutgoingHandler, received stanza: XMLElement) {}
    func stream(_ handler: S2SOutgoingHandler, verifyDialbackFrom originating: String, to receiving: String, streamID: String, key: String) {}
    // A verification stream carries no stanzas, so it multiplexes none.
    func stream(_ handler: S2SOutgoingHandler, multiplexing event: S2SMultiplexingEvent) {}

    func stream(_ handler: S2SOutgoingHandler, verdict: DialbackVerdict) {
        finish(verdict)
    }

    func streamEnded(_ handler: S2SOutgoingHandler) {
        channel = nil
        if !answered { attemptNext(lastFailure: .remoteServerNotFound) }
    }
}
