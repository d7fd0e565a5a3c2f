import NIOCore
import XMPPCore

/// Watches one connection's stream, for a recording: everything a handler
/// reads and writes, as it happens, on the connection's event loop.
///
/// Handlers call it after parsing and as they write; an observer must be
/// quick (it sits on the stanza path) and must not call back into the handler.
public protocol StreamObserver: AnyObject {
    /// Bytes read from the connection (before TLS is taken off: what the
    /// handler was given).
    func streamRead(bytes: Int)
    /// Something parsed from what was read: a header, an element, the end of
    /// the stream, or the error the stream fails with.
    func streamReceived(_ event: XMLStreamEvent)
    /// A stream header written.
    func streamSent(header: StreamHeader, bytes: Int)
    /// A first-level element written (stanzas, negotiation, stream errors).
    func streamSent(element: XMLElement, bytes: Int)
    /// `</stream:stream>` written.
    func streamSentClose()
    /// The TLS handshake completed (before the peer's name is checked).
    func streamTLSEstablished()
    /// The connection failed below XMPP (TLS handshake, reset, timeout).
    func streamTransportFailed(_ error: any Error)
    /// The connection is gone. Called once, last.
    func streamEnded()
}

/// Which end of which kind of stream a handler drives.
public enum StreamRole: String, Sendable, CaseIterable {
    /// A server's end of a client connection.
    case c2sServer = "c2s"
    /// A client's end of its connection.
    case c2sClient = "c2s-client"
    /// A server's end of a stream another server opened.
    case s2sIncoming = "s2s-in"
    /// A server's end of a stream it opened (links and dialback verification).
    case s2sOutgoing = "s2s-out"
}

/// Makes the observer of each new connection (nil: leave it unwatched).
/// Called on the connection's event loop once the connection is up, before
/// anything is written, so the channel's addresses are known.
public protocol StreamObserving: Sendable {
    func observer(for role: StreamRole, node: String, channel: any Channel) -> (any StreamObserver)?
}
