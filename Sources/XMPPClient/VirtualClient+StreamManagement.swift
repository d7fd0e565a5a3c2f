import NIOCore
import XMPPCore
import XMPPNIO
import XMPPProtocol

/// A client's XEP-0198 state: kept across a lost connection so the session
/// can be resumed.
struct SMClientState: Sendable {
    /// The counts, from `<enable/>` on; `nil` without stream management.
    var counts: StreamManagement?
    /// The resumption id from `<enabled/>`, when the session is resumable.
    var id: String?
    /// The server's `max` (seconds) from `<enabled/>`.
    var max: Int?
    /// Unacknowledged messages of a session that could not be resumed,
    /// to send again once the new session is bound.
    var resend: [XMLElement] = []
    var ackTimer: Scheduled<Void>?
}

/// How the last `reconnect` went.
public enum ResumptionOutcome: Sendable, Equatable {
    /// The session was resumed; the server had handled `h` of our stanzas.
    case resumed(h: UInt32)
    /// The server refused; a new session was bound.
    case failed(ResumeFailure)
}

/// What a client knows about its stream management now.
public struct StreamManagementStatus: Sendable, Equatable {
    public var enabled: Bool
    /// The resumption id, when resumable.
    public var id: String?
    /// Stanzas handled from the server (our `h`).
    public var handled: UInt32
    /// Stanzas sent and not yet acknowledged by the server.
    public var unacknowledged: Int
}

extension VirtualClient {
    /// XEP-0198 as it stands: enabled, resumable, counts.
    public var streamManagementStatus: StreamManagementStatus {
        state.withLock { state in
            let sm = state.streamManagement
            return StreamManagementStatus(
                enabled: sm.counts != nil, id: sm.id, handled: sm.counts?.handled ?? 0,
                unacknowledged: sm.counts?.unacknowledged.count ?? 0)
        }
    }

    /// How the last `reconnect` went (`nil` if it did not try to resume).
    public var lastResumption: ResumptionOutcome? { state.withLock { $0.lastResumption } }

    /// Asks the server for an ack now (`<r/>`).
    public func requestAck() {
        eventLoop.execute {
            let handler = self.state.withLock { $0.streamManagement.counts != nil ? $0.handler : nil }
            handler?.value.send(SMElement.request.element)
        }
    }

    static func isStanza(_ element: XMLElement) -> Bool {
        element.namespace == XMLNamespace.client
            && (element.name == "message" || element.name == "presence" || element.name == "iq")
    }

    /// `send` on the event loop: through the stream-management counts when enabled.
    func sendOnLoop(_ element: XMLElement) {
        let (handler, actions) = state.withLock { state -> (NIOLoopBound<C2SClientHandler>?, [SMAction]) in
            let open = state.handler != nil && !state.ended
            let connected = open && state.bound
            if Self.isStanza(element), state.streamManagement.counts != nil {
                if connected { return (state.handler, state.streamManagement.counts!.send(element)) }
                if state.streamManagement.id != nil {
                    // Kept for the resumption (or sent again on a new session if it fails).
                    if !state.streamManagement.counts!.hold(element) { state.unsentCount += 1 }
                    return (nil, [])
                }
            }
            if open && !state.bound {
                // Still negotiating: a stanza now would break the stream; it goes once bound.
                state.pendingUntilBound.append(element)
                return (nil, [])
            }
            guard connected else {
                state.unsentCount += 1
                return (nil, [])
            }
            return (state.handler, [.send(element)])
        }
        if let handler { perform(actions, on: handler.value) }
    }

    /// Performs stream-management actions on the current connection (on the event loop).
    func perform(_ actions: [SMAction], on handler: C2SClientHandler) {
        for action in actions {
            switch action {
            case .send(let element):
                handler.write(element)
            case .scheduleAckRequest(let delay):
                let timer = eventLoop.scheduleTask(in: TimeAmount(delay)) { self.ackTimerFired() }
                state.withLock { $0.streamManagement.ackTimer = timer }
            case .close:
                handler.close()
            }
        }
        handler.flush()
    }

    private func ackTimerFired() {
        let (handler, actions) = state.withLock { state -> (NIOLoopBound<C2SClientHandler>?, [SMAction]) in
            state.streamManagement.ackTimer = nil
            guard state.streamManagement.counts != nil, let handler = state.handler, !state.ended else { return (nil, []) }
            return (handler, state.streamManagement.counts!.ackTimerFired())
        }
        if let handler { perform(actions, on: handler.value) }
    }
}
