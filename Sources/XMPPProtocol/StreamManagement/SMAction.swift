import XMPPCore

/// What a `StreamManagement` asks its driver to do, in order.
public enum SMAction: Sendable {
    /// Write this element (a stanza, `<r/>` or `<a/>`).
    case send(XMLElement)
    /// Call `ackTimerFired()` after this long.
    case scheduleAckRequest(Duration)
    /// Close the stream with this error.
    case close(StreamError)
}
