import XMPPCore

/// The Authoritative Server (XEP-0220 §2.2.2): answers `<db:verify/>`
/// requests for the domains it hosts by recomputing the key with its secret
/// (XEP-0185 §2), statelessly: the 'from' of the request is the Receiving
/// Server, the 'to' the Originating Server, the 'id' the stream id.
public struct DialbackAuthoritativeServer: Sendable {
    public let hostedDomains: Set<String>
    /// The key this server generates: (receiving server, originating server, stream id).
    let key: @Sendable (_ receiving: String, _ originating: String, _ streamID: String) -> DialbackKey

    public init(secret: DialbackSecret, hostedDomains: Set<String>) {
        self.hostedDomains = hostedDomains
        self.key = { receiving, originating, streamID in
            DialbackKey(secret: secret, receivingServer: receiving, originatingServer: originating, streamID: streamID)
        }
    }

    /// With the key function of the server's s2s streams.
    public init(
        hostedDomains: Set<String>,
        key: @escaping @Sendable (_ receiving: String, _ originating: String, _ streamID: String) -> DialbackKey
    ) {
        self.hostedDomains = hostedDomains
        self.key = key
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
        let expected = self.key(request.from, request.to, id)
        return request.answer(expected.matches(key) ? .valid : .invalid)
    }

    /// The key this server presents as Originating Server `originatingServer`
    /// to `receivingServer` on the stream `streamID`.
    public func key(receivingServer: String, originatingServer: String, streamID: String) -> DialbackKey {
        key(receivingServer, originatingServer, streamID)
    }
}
