import XMPPCore
import XMPPNIO
import XMPPProtocol

/// One client connection of a server, from accept to close. Lives on the
/// server's event loop; the handler reports to it, it reports to the server.
final class C2SSession: C2SServerHandlerDelegate {
    /// Accept order on this server: a stable name for traces.
    let number: Int
    let handler: C2SServerHandler
    unowned let server: ServerCore
    /// The bound full JID (set by `ServerCore.bind`).
    var jid: JID?
    /// The last available presence the client broadcast (RFC 6121 §4.2, §4.4);
    /// `nil` until initial presence and after unavailable presence.
    var presence: XMLElement?
    /// The priority of `presence` (RFC 6121 §4.7.2.3).
    var priority: Int8 = 0
    /// The client asked for its roster, so it gets roster pushes
    /// ("interested resource", RFC 6121 §2.1.6).
    var isInterested = false
    /// Whom the client sent directed available presence to, outside its
    /// subscriptions: they get unavailable presence when it goes away (RFC 6121 §4.6.3).
    var directedPresenceRecipients: Set<JID> = []
    /// Replaced by a newer session with the same full JID: it no longer owns the resource.
    var isReplaced = false

    var isAvailable: Bool { presence != nil }

    init(number: Int, handler: C2SServerHandler, server: ServerCore) {
        self.number = number
        self.handler = handler
        self.server = server
    }

    func streamAuthenticated(_ handler: C2SServerHandler, identity: SASLIdentity, mechanism: String) {
        server.logger.debug("c2s authenticated", metadata: ["session": "\(number)", "authcid": "\(identity.authcid)", "mechanism": "\(mechanism)"])
    }

    func streamRequestsBind(_ handler: C2SServerHandler, account: JID, requestedResource: String?) -> Result<JID, StanzaError> {
        server.bind(self, account: account, requestedResource: requestedResource)
    }

    func streamEstablished(_ handler: C2SServerHandler, jid: JID) {
        server.logger.debug("c2s bound", metadata: ["session": "\(number)", "jid": "\(jid)"])
    }

    func stream(_ handler: C2SServerHandler, received stanza: XMLElement) {
        server.routeFromClient(stanza, session: self)
    }

    func streamEnded(_ handler: C2SServerHandler, error: StreamError?) {
        server.sessionEnded(self)
    }

    /// Sends to the client and flushes.
    func deliver(_ element: XMLElement) {
        handler.sendNow(element)
    }
}
