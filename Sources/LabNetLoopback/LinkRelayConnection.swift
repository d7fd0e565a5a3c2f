import LabNet
import NIOCore
import NIOPosix

/// One connection across a link relay: the channel accepted at an entrance,
/// the channel opened onward to the target (on the same event loop), and the
/// `LinkConnectionMachine` between them. This class only performs the
/// machine's actions; every method runs on `eventLoop`.
final class LinkRelayConnection {
    let relay: LinkRelay
    let eventLoop: any EventLoop
    let targetAddress: SocketAddress
    let entrance: any Channel
    var target: (any Channel)?
    var handlers: [LinkSide: LinkRelaySideHandler] = [:]
    private var machine: LinkConnectionMachine?
    private var id: Int?
    /// The version of the link's conditions the machine has.
    private var conditionsVersion: UInt64 = 0
    var timers: [LinkDirection: Scheduled<Void>] = [:]
    var connectPending = false
    private var entranceClosed = false
    var targetClosed = false
    /// Events that arrived while actions were being performed (a reset closes
    /// a channel synchronously): handled after them, in order.
    private var deferredEvents: [(inout LinkConnectionMachine) -> [LinkConnectionMachine.Action]] = []
    private var isPerforming = false
    private let finished: EventLoopPromise<Void>
    /// Told what the machine observes (a recording).
    private var observer: (@Sendable (LinkObservation, _ targetPort: Int) -> Void)?

    init(relay: LinkRelay, entrance: any Channel, targetAddress: SocketAddress) {
        self.relay = relay
        self.eventLoop = entrance.eventLoop
        self.entrance = entrance
        self.targetAddress = targetAddress
        self.finished = entrance.eventLoop.makePromise()
        entrance.closeFuture.assumeIsolated().whenComplete { [self] _ in
            entranceClosed = true
            finishIfDone()
        }
    }

    /// The event loop's clock, as the link model counts time.
    var currentTime: UInt64 { NIODeadline.now().uptimeNanoseconds }

    // MARK: - Events from the handlers and the relay

    func attach(_ handler: LinkRelaySideHandler) {
        handlers[handler.side] = handler
    }

    /// The entrance channel is active: join the link and start.
    func entranceActive() {
        guard let registration = relay.register(self) else {
            // The relay closed while this connection was being accepted.
            entrance.close(promise: nil)
            return
        }
        id = registration.id
        conditionsVersion = registration.conditionsVersion
        machine = LinkConnectionMachine(
            conditions: registration.conditions, status: registration.status, generator: registration.generator)
        observer = registration.observer
        machine!.observes = observer != nil
        handle { $0.start() }
    }

    func received(_ bytes: ByteBuffer, from side: LinkSide) {
        let now = currentTime
        handle { $0.received(bytes, from: side, at: now) }
    }

    func inputClosed(_ side: LinkSide) {
        let now = currentTime
        handle { $0.inputClosed(side, at: now) }
    }

    func channelClosed(_ side: LinkSide) {
        let now = currentTime
        handle { $0.channelClosed(side, at: now) }
    }

    func writabilityChanged(_ side: LinkSide, isWritable: Bool) {
        handle { $0.writabilityChanged(side, isWritable: isWritable) }
    }

    func cut(_ mode: LinkCutMode) {
        handle { $0.cut(mode) }
    }

    func heal() {
        let now = currentTime
        handle { $0.heal(at: now) }
    }

    /// Closes both sides now; the future completes when both channels are closed.
    func closeAll() -> EventLoopFuture<Void> {
        handle { $0.close() }
        // A side still finishing an orderly close is closed now too.
        entrance.close(promise: nil)
        target?.close(promise: nil)
        return finished.futureResult
    }

    // MARK: - Driving the machine

    func handle(_ event: @escaping (inout LinkConnectionMachine) -> [LinkConnectionMachine.Action]) {
        guard machine != nil else { return }
        deferredEvents.append(event)
        guard !isPerforming else { return }
        isPerforming = true
        syncConditions()
        while !deferredEvents.isEmpty {
            let next = deferredEvents.removeFirst()
            perform(next(&machine!))
        }
        isPerforming = false
        let statistics = machine!.takeStatistics()
        if !statistics.isEmpty { relay.add(statistics) }
        if let observer {
            for observation in machine!.takeObservations() { observer(observation, targetAddress.port ?? 0) }
        }
        finishIfDone()
    }

    /// Gives the machine the link's conditions if they changed since it last
    /// had them, so bytes scheduled after `LinkRelay.setConditions` get the
    /// new ones.
    private func syncConditions() {
        guard relay.conditionsVersion.load(ordering: .acquiring) != conditionsVersion else { return }
        let (conditions, version) = relay.currentConditions()
        conditionsVersion = version
        machine!.setConditions(conditions)
    }

    /// Once the machine is over and both channels are closed, the connection
    /// leaves the relay.
    func finishIfDone() {
        guard let id, let machine, machine.isClosed, entranceClosed, !connectPending,
            target == nil || targetClosed
        else { return }
        self.id = nil
        for timer in timers.values { timer.cancel() }
        timers.removeAll()
        handlers.removeAll()
        relay.unregister(id)
        finished.succeed(())
    }
}
