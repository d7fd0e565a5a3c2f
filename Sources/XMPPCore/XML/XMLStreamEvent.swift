/// What an `XMLStreamParser` reports, in stream order.
public enum XMLStreamEvent: Hashable, Sendable {
    /// The stream header (`<stream:stream …>`) was read.
    indirect case streamOpened(StreamHeader)
    /// A complete top-level element: a stanza or any other first-level child
    /// of the stream (features, SASL, TLS, dialback, stream management …).
    case element(XMLElement)
    /// `</stream:stream>` was read. Nothing after it is parsed.
    case streamClosed
    /// The input violated XML or RFC 6120 §11; the condition says how. Always
    /// the last event: the parser accepts nothing more until `reset()`.
    indirect case failed(StreamError)
}
