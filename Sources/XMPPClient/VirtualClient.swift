import LabNet
import NIOCore
import NIOSSL
import Synchronization
import XMPPCore
import XMPPNIO
import XMPPProtocol

/// One virtual XMPP client: connects through a fabric, negotiates TLS
/// (verifying the server against the lab CA), authenticates, binds, and
/// then sends and receives stanzas. Cheap enough to run thousands.
public final class VirtualClient: Sendable {
    public let configuration: ClientConfiguration
    public let eventLoop: any EventLoop
    let fabric: any NetworkFabric
    let tlsContext: NIOSSLContext?
    let state: Mutex<ClientState>

    /// - Parameter tlsContext: a client TLS context trusting the lab CA (and
    ///   holding the client certificate for EXTERNAL); share one among many clients.
    public init(configuration: ClientConfiguration, fabric: any NetworkFabric, eventLoop: any EventLoop, tlsContext: NIOSSLContext?) {
        self.configuration = configuration
        self.fabric = fabric
        self.eventLoop = eventLoop
        self.tlsContext = tlsContext
        self.state = Mutex(ClientState(random: SeededGenerator(seed: configuration.seed)))
    }

    /// The bound full JID, once connected.
    public var jid: JID? { state.withLock { $0.jid } }
    /// The failure that ended the stream, if one did.
    public var failure: C2SClientFailure? { state.withLock { $0.failure } }
    /// Whether the connection is up and bound.
    public var isConnected: Bool { state.withLock { $0.bound && !$0.ended } }
    /// Stanzas dropped from the receive buffer because nobody consumed them.
    public var overflowCount: Int { state.withLock { $0.overflowCount } }
    /// Stanzas `send` dropped because there was no connection and no
    /// stream-managed session to keep them for.
    public var unsentCount: Int { state.withLock { $0.unsentCount } }

    /// Connects to `address`, negotiates, authenticates and binds a new
    /// session; returns the bound JID. Forgets any earlier session.
    @discardableResult
    public func connect(to address: NetworkAddress, serverName: String? = nil) async throws -> JID {
        state.withLock { $0.streamManagement = SMClientState() }
        return try await open(address, serverName: serverName, resumption: nil)
    }

    /// Connects again after the connection was lost: resumes the XEP-0198
    /// session when there is one to resume (the server retransmits what we
    /// missed, we retransmit what it missed); otherwise, or when the server
    /// refuses, binds a new session and sends again the messages the server
    /// never acknowledged. `lastResumption` tells which happened.
    @discardableResult
    public func reconnect(to address: NetworkAddress, serverName: String? = nil) async throws -> JID {
        let resumption = state.withLock { state -> SMResumption? in
            guard let id = state.streamManagement.id, let counts = state.streamManagement.counts, let jid = state.jid else {
                // Nothing to resume: whatever was never acknowledged is sent again on the new session.
                state.streamManagement.resend += (state.streamManagement.counts?.takeUnacknowledged() ?? []).filter { $0.name == "message" }
                state.streamManagement.counts = nil
                return nil
            }
            return SMResumption(previd: id, h: counts.handled, jid: jid)
        }
        return try await open(address, serverName: serverName, resumption: resumption)
    }

    private func open(_ address: NetworkAddress, serverName: String?, resumption: SMResumption?) async throws -> JID {
        let promise = eventLoop.makePromise(of: JID.self)
        let machine = state.withLock { state -> C2SClientStream in
            state.ended = false
            state.bound = false
            state.failure = nil
            state.established = promise
            state.lastResumption = nil
            let mechanism = configuration.credentials.mechanism(username: configuration.account.localpart, random: &state.random)
            let streamConfiguration = C2SClientConfiguration(
                account: configuration.account, tls: configuration.tls, requestedResource: configuration.resource,
                streamManagement: configuration.streamManagement, resumption: resumption
            )
            return C2SClientStream(configuration: streamConfiguration, mechanism: mechanism)
        }
        let hostname = serverName ?? configuration.account.domainpart
        let tlsContext = self.tlsContext
        let channel: any Channel
        do {
            channel = try await connectChannel(address, machine: machine, tlsContext: tlsContext, hostname: hostname)
        } catch {
            // No connection at all: nothing is connected, and the waiter hears why.
            let pending = state.withLock { state -> EventLoopPromise<JID>? in
                state.ended = true
                state.bound = false
                defer { state.established = nil }
                return state.established
            }
            pending?.fail(error)
            throw error
        }
        state.withLock { $0.channel = channel }
        return try await promise.futureResult.get()
    }

    private func connectChannel(
        _ address: NetworkAddress, machine: C2SClientStream, tlsContext: NIOSSLContext?, hostname: String
    ) async throws -> any Channel {
        try await fabric.connect(to: address, eventLoop: eventLoop) { channel in
            channel.eventLoop.makeCompletedFuture {
                let handler = C2SClientHandler(machine: machine, tlsContext: tlsContext, serverHostname: hostname)
                handler.delegate = ClientDelegate(client: self)
                // XEP-0198: a final ack before our `</stream:stream>`.
                handler.closingElement = { [weak self] in
                    self?.state.withLock { $0.streamManagement.counts.map { SMElement.ack(h: $0.handled).element } }
                }
                try channel.pipeline.syncOperations.addHandler(handler)
                self.state.withLock { $0.handler = NIOLoopBound(handler, eventLoop: channel.eventLoop) }
            }
        }.get()
    }

    /// Sends a stanza (or any first-level element). With stream management
    /// a stanza is kept until the server acknowledges it, and one sent while
    /// the connection is down waits for the resumption.
    public func send(_ element: XMLElement) {
        configuration.onSend?(element)
        eventLoop.execute { self.sendOnLoop(element) }
    }

    /// Closes the stream and waits until the connection is gone.
    public func disconnect() async {
        let (handler, channel) = state.withLock { ($0.handler, $0.channel) }
        guard let handler, let channel else { return }
        eventLoop.execute { handler.value.close() }
        try? await channel.closeFuture.get()
    }

    /// Drops the TCP connection without closing the stream (a network failure).
    public func dropConnection() async {
        guard let channel = state.withLock({ $0.channel }) else { return }
        fabric.abort(channel)
        try? await channel.closeFuture.get()
    }

    /// Waits for the next received stanza matching `predicate` (consuming
    /// it); stanzas received earlier and not yet consumed count too. The
    /// predicate runs outside the client's lock, so it may use the client.
    public func waitFor(
        timeout: Duration = .seconds(5),
        _ predicate: @escaping @Sendable (XMLElement) -> Bool
    ) async throws -> XMLElement {
        let promise = eventLoop.makePromise(of: XMLElement.self)
        var waiterID: Int?
        while true {
            let (received, version, ended, failure) = state.withLock { ($0.received, $0.receivedVersion, $0.ended, $0.failure) }
            if let match = received.first(where: { predicate($0.element) }) {
                let taken = state.withLock { state -> Bool in
                    guard let index = state.received.firstIndex(where: { $0.number == match.number }) else { return false }
                    state.received.remove(at: index)
                    return true
                }
                if taken {
                    promise.succeed(match.element)
                    return match.element
                }
                continue
            }
            if ended {
                let error = failure.map(ClientError.stream) ?? ClientError.disconnected
                promise.fail(error)
                throw error
            }
            // Register only if nothing arrived since the snapshot; otherwise look again.
            waiterID = state.withLock { state -> Int? in
                guard state.receivedVersion == version else { return nil }
                state.nextWaiterID += 1
                state.waiters.append(Waiter(id: state.nextWaiterID, predicate: predicate, promise: promise))
                state.waitersVersion += 1
                return state.nextWaiterID
            }
            if waiterID != nil { break }
        }
        let id = waiterID!
        let timer = eventLoop.scheduleTask(in: TimeAmount(timeout)) {
            let waiter = self.state.withLock { state -> Waiter? in
                guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
                state.waitersVersion += 1
                return state.waiters.remove(at: index)
            }
            waiter?.promise.fail(ClientError.timeout)
        }
        promise.futureResult.whenComplete { _ in timer.cancel() }
        return try await promise.futureResult.get()
    }

    /// The stanzas received and not yet consumed by `waitFor`.
    public func unconsumed() -> [XMLElement] {
        state.withLock { $0.received.map(\.element) }
    }

    /// A fresh stanza id.
    public func makeID(prefix: String = "c") -> String {
        state.withLock { prefix + "-" + $0.random.lowercaseToken(length: 10) }
    }
}

/// A pending `waitFor`.
struct Waiter: Sendable {
    let id: Int
    let predicate: @Sendable (XMLElement) -> Bool
    let promise: EventLoopPromise<XMLElement>
}

/// A client's mutable state, behind its mutex.
struct ClientState: Sendable {
    var random: SeededGenerator
    var jid: JID?
    var failure: C2SClientFailure?
    var ended = false
    /// The current connection is bound (or resumed): stanzas may go out.
    var bound = false
    /// Stanzas sent while a connection was still negotiating and there was
    /// no stream-managed session to keep them: sent once it is bound.
    var pendingUntilBound: [XMLElement] = []
    var established: EventLoopPromise<JID>?
    var handler: NIOLoopBound<C2SClientHandler>?
    var channel: (any Channel)?
    /// Received and not yet consumed, numbered in arrival order. A ring
    /// buffer: once it holds `receiveBufferLimit`, each arrival drops the
    /// oldest, which an array would pay for by moving all the others.
    var received = CircularBuffer<(number: Int, element: XMLElement)>()
    var receivedVersion = 0
    var waiters: [Waiter] = []
    var waitersVersion = 0
    var nextWaiterID = 0
    var overflowCount = 0
    /// Stanzas `send` could not send: no connection and nothing to resume.
    var unsentCount = 0
    var streamManagement = SMClientState()
    var lastResumption: ResumptionOutcome?
}
