import XMPPCore
import XMPPProtocol

/// What a server does with a c2s connection: the handler calls these on the
/// connection's event loop.
public protocol C2SServerHandlerDelegate: AnyObject {
    /// SASL succeeded.
    func streamAuthenticated(_ handler: C2SServerHandler, identity: SASLIdentity, mechanism: String)
    /// Decide the full JID for a bind request (generate a resource, apply the
    /// conflict policy) or refuse it with a stanza error.
    func streamRequestsBind(_ handler: C2SServerHandler, account: JID, requestedResource: String?) -> Result<JID, StanzaError>
    /// The session is bound and ready for stanzas.
    func streamEstablished(_ handler: C2SServerHandler, jid: JID)
    /// XEP-0198 `<resume/>`: take the session `previd` of `account` over
    /// onto this connection (sending `<resumed/>` and the unacknowledged
    /// stanzas through the handler) and return its full JID, or refuse with
    /// the `<failed/>` to send.
    func streamRequestsResume(_ handler: C2SServerHandler, account: JID, previd: String, h: UInt32) -> Result<JID, ResumeFailure>
    /// A XEP-0198 element on the bound stream.
    func stream(_ handler: C2SServerHandler, streamManagement element: SMElement)
    /// A stanza from the client, with `from` stamped.
    func stream(_ handler: C2SServerHandler, received stanza: XMLElement)
    /// The connection is gone (closed by either side, or dropped). Called once.
    func streamEnded(_ handler: C2SServerHandler, error: StreamError?)
}
