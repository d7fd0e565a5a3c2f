import XMPPCore

/// The Initiating (Originating) Server on one outgoing stream (XEP-0220
/// §2.1.1), sans-IO: it sends a `<db:result/>` with a key for each domain
/// pair it wants to send stanzas for (several pairs multiplexed on one
/// stream, §2.6), queues stanzas until their pair is authorized, and handles
/// the Receiving Server's `valid` / `invalid` / `error` answers.
///
/// `<db:verify/>` answers that come back on this stream belong to the
/// Receiving Server role of the same server (§2.1.2); the driver routes them
/// to the inbound stream they concern.
public struct DialbackInitiatingServer: Sendable {
    /// The key this server presents for a pair on a stream (XEP-0185):
    /// (receiving server, originating server, stream id).
    let key: @Sendable (_ receiving: String, _ originating: String, _ streamID: String) -> DialbackKey
    /// The id of the Receiving Server's response stream header, once received.
    public internal(set) var streamID: String?
    /// Whether the Receiving Server advertised dialback error handling
    /// (§2.4.2); target multiplexing SHOULD NOT be used without it (§2.6.2).
    public internal(set) var receivingServerSupportsErrors = false
    /// Pairs authorized for sending on this stream.
    public internal(set) var authorizedPairs: Set<DialbackDomainPair> = []
    /// Pairs whose key went out and await an answer.
    public internal(set) var pendingPairs: Set<DialbackDomainPair> = []
    /// Pairs asked for before the stream was open, in order.
    var awaitingStream: [DialbackDomainPair] = []
    /// Stanzas held until their pair is authorized (§2.1.1 MUST queue).
    var queued: [DialbackDomainPair: [XMLElement]] = [:]
    /// False once a key was found invalid (the Receiving Server will close
    /// the stream, so nothing more is sent on it, §2.1.1) or the stream closed.
    public internal(set) var isUsable = true

    public init(secret: DialbackSecret) {
        self.key = { receiving, originating, streamID in
            DialbackKey(secret: secret, receivingServer: receiving, originatingServer: originating, streamID: streamID)
        }
    }

    /// With the key function of the server's s2s streams.
    public init(key: @escaping @Sendable (_ receiving: String, _ originating: String, _ streamID: String) -> DialbackKey) {
        self.key = key
    }

    /// The stream to the Receiving Server is set up; `id` is its response
    /// header's id. Keys for the pairs asked for so far go out now.
    public mutating func streamOpened(id: String) -> [DialbackAction] {
        streamID = id
        let pairs = awaitingStream
        awaitingStream = []
        return pairs.map { requestAuthorization($0, streamID: id) }
    }

    /// The Receiving Server's stream features (the children of `<stream:features/>`).
    public mutating func featuresReceived(_ features: [XMLElement]) {
        receivingServerSupportsErrors = DialbackFeature.advertisesErrors(in: features)
    }

    /// Asks the Receiving Server to authorize `pair` (step 1), unless it is
    /// authorized or pending already.
    public mutating func authorize(_ pair: DialbackDomainPair) -> [DialbackAction] {
        guard isUsable, !authorizedPairs.contains(pair), !pendingPairs.contains(pair),
              !awaitingStream.contains(pair)
        else { return [] }
        guard let streamID else {
            awaitingStream.append(pair)
            return []
        }
        return [requestAuthorization(pair, streamID: streamID)]
    }

    /// A stanza to send: written at once when its pair is authorized,
    /// otherwise queued (and authorization asked for). Its pair is the
    /// domains of its 'from' and 'to'; a stanza without both is bounced
    /// with `jid-malformed`.
    public mutating func send(_ stanza: XMLElement) -> [DialbackAction] {
        guard let from = stanza[attribute: "from"].flatMap({ try? JID($0) }),
              let to = stanza[attribute: "to"].flatMap({ try? JID($0) })
        else {
            return [.bounce([stanza], StanzaError(.jidMalformed, text: "A stanza between servers needs 'from' and 'to'"))]
        }
        let pair = DialbackDomainPair(senderDomain: from.domainpart, targetDomain: to.domainpart)
        guard isUsable else { return [.reroute([stanza])] }
        if authorizedPairs.contains(pair) { return [.sendStanza(stanza)] }
        queued[pair, default: []].append(stanza)
        return authorize(pair)
    }

    mutating func requestAuthorization(_ pair: DialbackDomainPair, streamID: String) -> DialbackAction {
        pendingPairs.insert(pair)
        let key = key(pair.targetDomain, pair.senderDomain, streamID)
        return .send(.result(from: pair.senderDomain, to: pair.targetDomain, .key(key)))
    }
}
