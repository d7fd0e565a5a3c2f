import LabNet
import NIOCore
import NIOPosix
import Synchronization
import XMPPCore

/// A link between two places on loopback, as a TCP relay: each entrance is a
/// loopback port whose connections are forwarded to a target address, and
/// every byte that crosses is delayed, throttled, held or reset as the link's
/// conditions and status say (`LinkConnectionMachine` decides, this class and
/// `LinkRelayConnection` only do the I/O).
///
/// A link between two domains usually has two entrances, one per direction of
/// connection establishment (the lab's DNS sends each domain to the entrance
/// that forwards to the other). Both share the link's conditions, status and
/// statistics; each connection has one schedule per direction of bytes, so
/// bandwidth is a limit per connection and direction.
///
/// Time comes from the event loops' clock (`NIODeadline.now()`, delivery
/// timers with `scheduleTask`); jitter comes from a generator seeded with
/// `seed`, split once per connection in the order connections start.
public final class LinkRelay: Sendable {
    /// How long an onward connection to a target may take.
    static let connectTimeout: TimeAmount = .seconds(10)

    public let name: String
    let group: any EventLoopGroup
    let state: Mutex<State>
    /// `state.conditionsVersion`, readable without the lock: connections
    /// compare it before each event and fetch new conditions only on a change.
    let conditionsVersion = Atomic<UInt64>(0)

    public init(name: String, conditions: LinkConditions, status: LinkStatus = .up, seed: UInt64, group: any EventLoopGroup) {
        self.name = name
        self.group = group
        self.state = Mutex(
            State(
                conditions: conditions, status: status, downSince: status.isUp ? nil : .now(),
                random: SeededGenerator(seed: seed)))
    }

    /// Listens on a fresh loopback port (127.0.0.1) and forwards every
    /// connection accepted there to `target` (a loopback address). Returns the
    /// address listened on.
    public func addEntrance(forwardingTo target: NetworkAddress) async throws -> NetworkAddress {
        let targetAddress = try LoopbackFabric.loopbackSocketAddress(target)
        guard !state.withLock(\.isClosed) else { throw LinkRelayError(.closed, link: name) }
        let listener = try await ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelOption(.allowRemoteHalfClosure, value: true)
            .childChannelInitializer { [self] channel in
                channel.eventLoop.makeCompletedFuture {
                    let connection = LinkRelayConnection(relay: self, entrance: channel, targetAddress: targetAddress)
                    let handler = LinkRelaySideHandler(side: .entrance, connection: connection)
                    try channel.pipeline.syncOperations.addHandler(handler)
                    connection.attach(handler)
                }
            }
            .bind(host: "127.0.0.1", port: 0)
            .get()
        let added = state.withLock { state in
            guard !state.isClosed else { return false }
            state.listeners.append(listener)
            return true
        }
        guard added, let port = listener.localAddress?.port else {
            try? await listener.close()
            throw LinkRelayError(.closed, link: name)
        }
        return NetworkAddress(host: "127.0.0.1", port: port)
    }

    public var conditions: LinkConditions {
        state.withLock(\.conditions)
    }

    /// Changes the conditions: bytes handed to the link from now on get them
    /// (each connection checks for new conditions before it schedules bytes).
    public func setConditions(_ conditions: LinkConditions) {
        state.withLock { state in
            state.conditions = conditions
            state.conditionsVersion += 1
            conditionsVersion.store(state.conditionsVersion, ordering: .releasing)
        }
    }

    /// The conditions and their version, read together.
    func currentConditions() -> (LinkConditions, version: UInt64) {
        state.withLock { ($0.conditions, $0.conditionsVersion) }
    }

    /// Cuts the link. `.blackhole`: bytes in flight and new bytes are held (the
    /// relay stops reading, so senders are pushed back by TCP; nothing is
    /// lost) and new connections are accepted but not connected onward until
    /// the link heals. `.reset`: every connection across the link is reset,
    /// and so is every connection accepted until it heals. Each connection
    /// takes the cut (and a heal) as a task on its event loop, at the loop's
    /// next turn.
    public func cut(_ mode: LinkCutMode) {
        state.withLock { state in
            guard state.status != .down(mode) else { return }
            if state.status.isUp { state.downSince = .now() }
            state.status = .down(mode)
            state.broadcast { $0.cut(mode) }
        }
    }

    /// Brings the link back up: held bytes flow again (their latency counts
    /// from now) and waiting connections connect onward.
    public func heal() {
        state.withLock { state in
            guard !state.status.isUp else { return }
            if let downSince = state.downSince { state.statistics.timeDown += Duration(NIODeadline.now() - downSince) }
            state.downSince = nil
            state.status = .up
            state.broadcast { $0.heal() }
        }
    }

    public var status: LinkStatus {
        state.withLock(\.status)
    }

    /// Reports every chunk delivered and every hold (bytes held while the
    /// link was down, reported at the heal) of the connections that start
    /// from now on, on their event loops, with the port of the target the
    /// connection forwards to (which entrance it came through).
    public func observe(_ observer: @escaping @Sendable (LinkObservation, _ targetPort: Int) -> Void) {
        state.withLock { $0.observer = observer }
    }

    public var statistics: LinkStatistics {
        state.withLock { $0.statistics(at: .now()) }
    }

    /// Closes the entrances and every connection across the link (at once,
    /// whatever is in flight); returns when all their channels are closed.
    public func close() async throws {
        let (listeners, connections) = state.withLock { state in
            state.isClosed = true
            defer { state.listeners.removeAll() }
            return (state.listeners, Array(state.connections.values))
        }
        for listener in listeners {
            try? await listener.close()
        }
        for handle in connections {
            try await handle.eventLoop.flatSubmit { handle.connection.value.closeAll() }.get()
        }
    }

    // MARK: - For the connections

    /// What a new connection starts from.
    struct Registration {
        var id: Int
        var conditions: LinkConditions
        var conditionsVersion: UInt64
        var status: LinkStatus
        var generator: SeededGenerator
        var observer: (@Sendable (LinkObservation, _ targetPort: Int) -> Void)?
    }

    /// Adds a connection to the link (nil if the link is closed). From here on
    /// the connection gets every change of status (and sees new conditions).
    func register(_ connection: LinkRelayConnection) -> Registration? {
        state.withLock { state in
            guard !state.isClosed else { return nil }
            let id = state.nextConnectionID
            state.nextConnectionID += 1
            state.connections[id] = ConnectionHandle(
                eventLoop: connection.eventLoop, connection: NIOLoopBound(connection, eventLoop: connection.eventLoop))
            return Registration(
                id: id, conditions: state.conditions, conditionsVersion: state.conditionsVersion, status: state.status,
                generator: state.random.split(), observer: state.observer)
        }
    }

    func unregister(_ id: Int) {
        _ = state.withLock { $0.connections.removeValue(forKey: id) }
    }

    func add(_ statistics: LinkStatistics) {
        state.withLock { $0.statistics.add(statistics) }
    }

    /// Closes `channel` with a TCP reset, as `LoopbackFabric.abort` does.
    static func reset(_ channel: any Channel) {
        LoopbackFabric().abort(channel)
    }
}
