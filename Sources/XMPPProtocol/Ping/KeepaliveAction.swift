import XMPPCore

/// What a `Keepalive` asks its driver to do, in order.
///
/// The machine uses one timer at a time. Each schedule action replaces the
/// pending keepalive timer (cancel it, then start the new one) and carries a
/// generation, which the driver hands back when the timer fires. A timer
/// that fires after it was replaced or cancelled — the driver may race with
/// its own cancellation — carries an old generation and is ignored.
public enum KeepaliveAction: Hashable, Sendable {
    /// Write this element (the ping IQ) on the stream.
    case send(XMLElement)
    /// Start the idle timer; on expiry report `idleTimerFired(generation:)`.
    case scheduleIdle(Duration, generation: UInt64)
    /// Start the pong timer; on expiry report `timeoutFired(generation:)`.
    case scheduleTimeout(Duration, generation: UInt64)
    /// Cancel the pending keepalive timer; none follows.
    case cancelTimer
    /// The peer did not answer in time: write this `<stream:error>`
    /// (`connection-timeout`, RFC 6120 §4.9.3.4) and `</stream:stream>`,
    /// then close the connection.
    case peerDead(StreamError)
}
