/// Something a link did to the bytes crossing it, reported for a recording
/// (`LinkConnectionMachine.observes`).
public enum LinkObservation: Sendable, Hashable {
    /// A chunk came out of the link `delay` after it went in (latency,
    /// jitter, bandwidth and any time the link was down, together).
    case delivered(LinkDirection, bytes: Int, delay: Duration)
    /// The link came back up with bytes held in a direction of a connection:
    /// how many, and how long the oldest of them had waited.
    case held(LinkDirection, bytes: Int, oldest: Duration)
}
