import NIOCore
import XMPPCore
import XMPPNIO
import XMPPProtocol

/// Receives the handler's reports on the event loop and updates the client.
final class ClientDelegate: C2SClientHandlerDelegate {
    let client: VirtualClient
    /// XEP-0199 pings while the server is silent (this connection only).
    var keepalive: KeepaliveDriver?

    init(client: VirtualClient) {
        self.client = client
    }

    /// Reports from a connection the client has already left (an old one
    /// taken over by a resumption on a new connection) change nothing.
    private func isCurrent(_ handler: C2SClientHandler) -> Bool {
        client.state.withLock { $0.handler.map { $0.value === handler } ?? false }
    }

    func streamEstablished(_ handler: C2SClientHandler, jid: JID) {
        guard isCurrent(handler) else { return }
        let (promise, resend) = client.state.withLock { state -> (EventLoopPromise<JID>?, [XMLElement]) in
            state.jid = jid
            state.bound = true
            defer {
                state.established = nil
                state.streamManagement.resend = []
                state.pendingUntilBound = []
            }
            return (state.established, state.streamManagement.resend + state.pendingUntilBound)
        }
        startKeepalive(handler)
        if !resend.isEmpty {
            // After this read's actions (the <enable/>), so they are counted.
            let client = self.client
            client.eventLoop.execute { for element in resend { client.sendOnLoop(element) } }
        }
        promise?.succeed(jid)
    }

    func stream(_ handler: C2SClientHandler, received element: XMLElement) {
        guard isCurrent(handler) else { return }
        if VirtualClient.isStanza(element) {
            client.state.withLock { $0.streamManagement.counts?.receivedStanza() }
        }
        if keepalive?.received(element) == true { return }
        if let pong = Keepalive.pong(for: element) {
            // XEP-0199 §4.2: a client answers its server's pings.
            client.sendOnLoop(pong)
            return
        }
        if let onReceive = client.configuration.onReceive {
            onReceive(element)
            return
        }
        let limit = client.configuration.receiveBufferLimit
        // Predicates run outside the lock; if the waiters change meanwhile, look again.
        while true {
            let (waiters, version) = client.state.withLock { ($0.waiters, $0.waitersVersion) }
            let match = waiters.first { $0.predicate(element) }
            let (settled, waiter) = client.state.withLock { state -> (Bool, Waiter?) in
                guard state.waitersVersion == version else { return (false, nil) }
                if let match, let index = state.waiters.firstIndex(where: { $0.id == match.id }) {
                    state.waitersVersion += 1
                    return (true, state.waiters.remove(at: index))
                }
                state.receivedVersion += 1
                state.received.append((state.receivedVersion, element))
                if state.received.count > limit {
                    state.received.removeFirst()
                    state.overflowCount += 1
                }
                return (true, nil)
            }
            if settled {
                waiter?.promise.succeed(element)
                return
            }
        }
    }

    func stream(_ handler: C2SClientHandler, failed failure: C2SClientFailure) {
        guard isCurrent(handler) else { return }
        client.state.withLock { $0.failure = $0.failure ?? failure }
    }

    func streamEnded(_ handler: C2SClientHandler) {
        keepalive?.stop()
        keepalive = nil
        guard isCurrent(handler) else { return }
        let (established, waiters, failure) = client.state.withLock { state in
            state.ended = true
            state.bound = false
            let result = (state.established, state.waiters, state.failure)
            state.established = nil
            state.waiters = []
            state.waitersVersion += 1
            state.handler = nil
            state.streamManagement.ackTimer?.cancel()
            state.streamManagement.ackTimer = nil
            return result
        }
        let error = failure.map(ClientError.stream) ?? ClientError.disconnected
        established?.fail(error)
        for waiter in waiters { waiter.promise.fail(error) }
    }
}

// MARK: - XEP-0198

extension ClientDelegate {
    func streamManagementRequested(_ handler: C2SClientHandler) {
        guard isCurrent(handler) else { return }
        client.state.withLock { state in
            state.streamManagement.counts = client.configuration.streamManagement.makeState()
            state.streamManagement.id = nil
        }
    }

    func stream(_ handler: C2SClientHandler, streamManagement element: SMElement) {
        guard isCurrent(handler) else { return }
        let actions = client.state.withLock { state -> [SMAction] in
            guard state.streamManagement.counts != nil else { return [] }
            switch element {
            case .enabled(let id, let resume, let max, _):
                state.streamManagement.id = resume ? id : nil
                state.streamManagement.max = max
                return []
            case .failed:
                // The server refused <enable/>: the stream goes on unmanaged.
                state.streamManagement = SMClientState()
                return []
            case .request:
                return state.streamManagement.counts!.receivedRequest()
            case .ack(let h):
                return state.streamManagement.counts!.receivedAck(h: h)
            case .feature, .enable, .resume, .resumed:
                return []
            }
        }
        client.perform(actions, on: handler)
    }

    func stream(_ handler: C2SClientHandler, resumed jid: JID, h: UInt32) {
        guard isCurrent(handler) else { return }
        let (promise, actions, pending) = client.state.withLock { state -> (EventLoopPromise<JID>?, [SMAction], [XMLElement]) in
            state.jid = jid
            state.bound = true
            state.lastResumption = .resumed(h: h)
            defer {
                state.established = nil
                state.pendingUntilBound = []
            }
            return (state.established, state.streamManagement.counts?.resume(peerHandled: h) ?? [], state.pendingUntilBound)
        }
        client.perform(actions, on: handler)
        for element in pending { client.sendOnLoop(element) }
        startKeepalive(handler)
        promise?.succeed(jid)
    }

    /// Pings the server when it has been silent for the policy's interval;
    /// no answer in time drops the connection as a network failure would.
    func startKeepalive(_ handler: C2SClientHandler) {
        keepalive?.stop()
        let policy = client.configuration.keepalive
        guard policy.isEnabled else { return }
        let client = self.client
        let driver = KeepaliveDriver(
            configuration: policy.configuration(to: client.configuration.account.domainpart, from: nil),
            eventLoop: client.eventLoop,
            send: { ping in client.sendOnLoop(ping) },
            dead: { error in
                client.state.withLock { $0.failure = $0.failure ?? .streamError(error) }
                if let channel = client.state.withLock({ $0.channel }) { client.fabric.abort(channel) }
            })
        handler.onRead = { [weak driver] in driver?.trafficArrived() }
        keepalive = driver
        driver.start()
    }

    func stream(_ handler: C2SClientHandler, resumeFailed failure: ResumeFailure) {
        guard isCurrent(handler) else { return }
        client.state.withLock { state in
            state.lastResumption = .failed(failure)
            var counts = state.streamManagement.counts
            // What the server says it handled is not sent again.
            if let h = failure.h { _ = counts?.receivedAck(h: h) }
            let unacknowledged = counts?.takeUnacknowledged() ?? []
            let previous = state.streamManagement.resend
            state.streamManagement = SMClientState()
            // Only messages: an old IQ's answer is no longer awaited, and presence is sent afresh.
            state.streamManagement.resend = previous + unacknowledged.filter { $0.name == "message" }
        }
    }
}
