import NIOCore
import XMPPCore
import XMPPProtocol

/// Runs a `Keepalive` (XEP-0199) on an event loop for one stream: its
/// timers, its pings (through `send`, so stream management counts them) and
/// the verdict (`dead`). Reads only note the time (`trafficArrived`), so a
/// busy stream does not reschedule a timer per read: when the idle timer
/// fires after recent traffic it is simply armed again.
public final class KeepaliveDriver {
    var machine: Keepalive
    let eventLoop: any EventLoop
    let send: (XMLElement) -> Void
    let dead: (StreamError) -> Void
    var timer: Scheduled<Void>?
    var lastTraffic: NIODeadline
    var pingSentAt: NIODeadline?

    public init(
        configuration: KeepaliveConfiguration, eventLoop: any EventLoop,
        send: @escaping (XMLElement) -> Void, dead: @escaping (StreamError) -> Void
    ) {
        self.machine = Keepalive(configuration: configuration)
        self.eventLoop = eventLoop
        self.send = send
        self.dead = dead
        self.lastTraffic = eventLoop.now
    }

    /// Pings sent so far.
    public var pingsSent: Int { machine.pingsSent }

    public func start() {
        lastTraffic = eventLoop.now
        perform(machine.start())
    }

    /// Something arrived from the peer.
    public func trafficArrived() {
        lastTraffic = eventLoop.now
    }

    /// Offers an inbound element; `true` when it was the answer to our ping
    /// (it goes no further).
    public func received(_ element: XMLElement) -> Bool {
        guard let actions = machine.received(element) else { return false }
        lastTraffic = eventLoop.now
        perform(actions)
        return true
    }

    public func stop() {
        perform(machine.stop())
        timer?.cancel()
        timer = nil
    }

    private func perform(_ actions: [KeepaliveAction]) {
        for action in actions {
            switch action {
            case .send(let ping):
                pingSentAt = eventLoop.now
                send(ping)
            case .scheduleIdle(let delay, let generation):
                schedule(delay) { $0.idleFired(generation) }
            case .scheduleTimeout(let delay, let generation):
                schedule(delay) { $0.timeoutFired(generation) }
            case .cancelTimer:
                timer?.cancel()
                timer = nil
            case .peerDead(let error):
                timer = nil
                dead(error)
            }
        }
    }

    private func schedule(_ delay: Duration, _ body: @escaping (KeepaliveDriver) -> Void) {
        timer?.cancel()
        timer = eventLoop.assumeIsolated().scheduleTask(in: TimeAmount(delay)) { [weak self] in
            guard let self else { return }
            body(self)
        }
    }

    private func idleFired(_ generation: UInt64) {
        let interval = machine.configuration.enabledInterval.map(TimeAmount.init) ?? .zero
        if eventLoop.now - lastTraffic < interval {
            // Traffic since the timer was armed: silence starts over.
            perform(machine.receivedTraffic())
        } else {
            perform(machine.idleTimerFired(generation: generation))
        }
    }

    private func timeoutFired(_ generation: UInt64) {
        if let sent = pingSentAt, lastTraffic > sent {
            // Something arrived after the ping: alive, even if the pong is still on its way.
            perform(machine.receivedTraffic())
        } else {
            perform(machine.timeoutFired(generation: generation))
        }
    }
}
