import NIOCore
import XMPPCore
import XMPPNIO
import XMPPProtocol

/// Receives the handler's reports on the event loop and updates the client.
final class ClientDelegate: C2SClientHandlerDelegate {
    let client: VirtualClient

    init(client: VirtualClient) {
        self.client = client
    }

    func streamEstablished(_ handler: C2SClientHandler, jid: JID) {
        let promise = client.state.withLock { state -> EventLoopPromise<JID>? in
            state.jid = jid
            defer { state.established = nil }
            return state.established
        }
        promise?.succeed(jid)
    }

    func stream(_ handler: C2SClientHandler, received element: XMLElement) {
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
        client.state.withLock { $0.failure = $0.failure ?? failure }
    }

    func streamEnded(_ handler: C2SClientHandler) {
        let (established, waiters, failure) = client.state.withLock { state in
            state.ended = true
            let result = (state.established, state.waiters, state.failure)
            state.established = nil
            state.waiters = []
            state.waitersVersion += 1
            state.handler = nil
            return result
        }
        let error = failure.map(ClientError.stream) ?? ClientError.disconnected
        established?.fail(error)
        for waiter in waiters { waiter.promise.fail(error) }
    }
}
