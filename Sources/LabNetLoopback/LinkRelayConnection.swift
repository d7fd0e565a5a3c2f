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
    private let entrance: any Channel
    private var target: (any Channel)?
    private var handlers: [LinkSide: LinkRelaySideHandler] = [:]
    private var machine: LinkConnectionMachine?
    private var id: Int?
    private var timers: [LinkDirection: Scheduled<Void>] = [:]
    private var connectPending = false
    private var entranceClosed = false
    private var targetClosed = false
    /// Events that arrived while actions were being performed (a reset closes
    /// a channel synchronously): handled after them, in order.
    private var deferredEvents: [(inout LinkConnectionMachine) -> [LinkConnectionMachine.Action]] = []
    private var isPerforming = false
    private let finished: EventLoopPromise<Void>

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
    private var currentTime: UInt64 { NIODeadline.now().uptimeNanoseconds }

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
        machine = LinkConnectionMachine(
            conditions: registration.conditions, status: registration.status, generator: registration.generator)
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

    func setConditions(_ conditions: LinkConditions) {
        handle {
            $0.setConditions(conditions)
            return []
        }
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

    private func handle(_ event: @escaping (inout LinkConnectionMachine) -> [LinkConnectionMachine.Action]) {
        guard machine != nil else { return }
        deferredEvents.append(event)
        guard !isPerforming else { return }
        isPerforming = true
        while !deferredEvents.isEmpty {
            let next = deferredEvents.removeFirst()
            perform(next(&machine!))
        }
        isPerforming = false
        let statistics = machine!.takeStatistics()
        if !statistics.isEmpty { relay.add(statistics) }
        finishIfDone()
    }

    private func channel(_ side: LinkSide) -> (any Channel)? {
        side == .entrance ? entrance : target
    }

    private func perform(_ actions: [LinkConnectionMachine.Action]) {
        for action in actions {
            switch action {
            case .connectToTarget:
                connectToTarget()
            case .write(let bytes, let side):
                channel(side)?.write(bytes, promise: nil)
            case .flush(let side):
                channel(side)?.flush()
            case .shutdownOutput(let side):
                guard let channel = channel(side) else { break }
                // An empty write completes once everything written before it
                // has gone out; only then is the output shut down (NIO closes
                // the whole channel at once when its input is already closed).
                channel.writeAndFlush(channel.allocator.buffer(capacity: 0)).assumeIsolated().whenComplete { _ in
                    channel.close(mode: .output, promise: nil)
                }
            case .close(let side):
                channel(side)?.close(promise: nil)
            case .reset(let side):
                if let channel = channel(side) { LinkRelay.reset(channel) }
            case .scheduleDelivery(let direction, let time):
                timers.removeValue(forKey: direction)?.cancel()
                timers[direction] = eventLoop.assumeIsolated().scheduleTask(deadline: .uptimeNanoseconds(time)) {
                    [self] in
                    timers[direction] = nil
                    let now = currentTime
                    handle { $0.deliveryDue(direction, at: now) }
                }
            case .cancelDelivery(let direction):
                timers.removeValue(forKey: direction)?.cancel()
            case .startReading(let side):
                handlers[side]?.setReading(true)
            case .stopReading(let side):
                handlers[side]?.setReading(false)
            }
        }
    }

    private func connectToTarget() {
        connectPending = true
        let bound = NIOLoopBound(self, eventLoop: eventLoop)
        ClientBootstrap(group: eventLoop)
            .connectTimeout(LinkRelay.connectTimeout)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelOption(.allowRemoteHalfClosure, value: true)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let handler = LinkRelaySideHandler(side: .target, connection: bound.value)
                    try channel.pipeline.syncOperations.addHandler(handler)
                    bound.value.attach(handler)
                }
            }
            .connect(to: targetAddress)
            .assumeIsolated()
            .whenComplete { [self] result in
                connectPending = false
                switch result {
                case .success(let channel):
                    target = channel
                    channel.closeFuture.assumeIsolated().whenComplete { [self] _ in
                        targetClosed = true
                        finishIfDone()
                    }
                    handle { $0.targetConnected() }
                case .failure:
                    handlers[.target] = nil
                    handle { $0.targetConnectFailed() }
                }
                finishIfDone()
            }
    }

    /// Once the machine is over and both channels are closed, the connection
    /// leaves the relay.
    private func finishIfDone() {
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
