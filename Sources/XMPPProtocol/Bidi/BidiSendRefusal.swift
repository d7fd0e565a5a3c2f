/// Why the receiving side of an s2s stream will not send a stanza over it
/// (XEP-0288 §2.2: "MUST only send stanzas for which it has been authenticated").
public enum BidiSendRefusal: Error, Sendable, Equatable {
    /// The initiating server did not ask for a bidirectional stream (or we did not offer one).
    case notBidirectional
    /// The stanza lacks a usable 'from' or 'to'.
    case improperAddressing
    /// This pair was never authenticated on this stream (its inverse was not).
    case notAuthorized(DomainPair)
    /// The stream is closed.
    case closed
}
