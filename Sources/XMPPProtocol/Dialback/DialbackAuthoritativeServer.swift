import XMPPCore

/// The Authoritative Server (XEP-0220 §2.2.2): answers `<db:verify/>`
/// requests for the domains it hosts by recomputing the key with its secret
/// (XEP-0185 §2), statelessly: the 'from' of the request is the Receiving
/// Server, the 'to' the Originating Server, the 'id' the stream id.
public struct DialbackAuthoritativeServer: Sendable {
    public let secret: DialbackSecret
    public let hostedDomains: Set<String>

    public init(secret: DialbackSecret, hostedDomains: Set<String>) {
        self.secret = secret
        self.hostedDomains = hostedDomains
    }

    /// The answer to a `<db:verify/>` request: 'from' and 'to' swapped, 'id'
    /// kept, `valid` or `invalid`; `error` with `item-not-found` (type
    /// `cancel`) when 'to' is not hosted here, which leaves the stream open
    /// (§2.2.2, §2.5). `nil` for anything that is not a verify request
    /// (answers arriving here are unsolicited, §3.1, and are dropped).
    public func answer(_ request: DialbackElement) -> DialbackElement? {
        guard request.name == .verify, let key = request.key, let id = request.id else { return nil }
        guard hostedDomains.contains(request.to) else {
            return request.answer(.error(StanzaError(.itemNotFound, type: .cancel)))
        }
        let expected = DialbackKey(
            secret: secret, receivingServer: request.from, originatingServer: request.to, streamID: id)
        return request.answer(expected.matches(key) ? .valid : .invalid)
    }

    /// The key this server presents as Originating Server `originatingServer`
    /// to `receivingServer` on the stream `streamID`.
    public func key(receivingServer: String, originatingServer: String, streamID: String) -> DialbackKey {
        DialbackKey(secret: secret, receivingServer: receivingServer, originatingServer: originatingServer, streamID: streamID)
    }
}
