import LabNet
import NIOCore
import XMPPCore

extension LinkRelay {
    /// The link's shared state, behind the relay's lock.
    struct State: Sendable {
        var conditions: LinkConditions
        /// Counts the changes of `conditions`.
        var conditionsVersion: UInt64 = 0
        var status: LinkStatus
        /// When the current cut began (nil while up).
        var downSince: NIODeadline?
        var statistics = LinkStatistics()
        /// Splits off each connection's generator, in the order connections start.
        var random: SeededGenerator
        var listeners: [any Channel] = []
        var connections: [Int: ConnectionHandle] = [:]
        var nextConnectionID = 1
        var isClosed = false
        /// Told what each connection's machine observed (a recording); nil: nothing is observed.
        var observer: (@Sendable (LinkObservation, _ targetPort: Int) -> Void)?

        /// The statistics with the current cut counted up to `now`.
        func statistics(at now: NIODeadline) -> LinkStatistics {
            var statistics = statistics
            if let downSince { statistics.timeDown += Duration(now - downSince) }
            return statistics
        }

        /// Runs `command` on every connection's event loop. Called under the
        /// lock, so commands reach each connection in the order the link's
        /// state changed.
        func broadcast(_ command: @escaping @Sendable (LinkRelayConnection) -> Void) {
            for handle in connections.values {
                handle.eventLoop.execute { command(handle.connection.value) }
            }
        }
    }

    /// A connection as the relay reaches it from any thread.
    struct ConnectionHandle: Sendable {
        let eventLoop: any EventLoop
        let connection: NIOLoopBound<LinkRelayConnection>
    }
}
