/// Whether a stream uses STARTTLS (RFC 6120 §5).
public enum TLSPolicy: String, Hashable, Sendable, CaseIterable {
    /// Offered as mandatory-to-negotiate: nothing else is offered before it.
    case required
    /// Offered; the peer may go on without it.
    case optional
    /// Never offered or used.
    case disabled
}
