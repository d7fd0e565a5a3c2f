import XMPPCore

/// What multiplexing further domain pairs over an established outgoing
/// stream (XEP-0220 §2.6) asks the link to do.
public enum S2SMultiplexingEvent: Sendable {
    /// The receiving server accepted the pair: its stanzas go over this stream.
    case authorized(DomainPair)
    /// The receiving server refused the pair (`forbidden` for an invalid
    /// key, its dialback error otherwise); a `.bounce` of what waited follows.
    case refused(DomainPair, StanzaError)
    /// A stanza that waited for its pair may be written now (counted like any other).
    case send(XMLElement)
    /// Return these stanzas to their senders with this error.
    case bounce([XMLElement], StanzaError)
    /// This stream will not carry these stanzas (a key of it was found
    /// invalid); send them over another stream.
    case reroute([XMLElement])
}

extension S2SOutgoingStream {
    /// Once established for stanzas with dialback on both sides, the
    /// Initiating Server role for further pairs, with the stream's pair
    /// authorized already.
    mutating func startMultiplexing() {
        guard purpose == .authenticate, policy.dialback, peerSupportsDialback, let streamID else { return }
        let key = dialbackKey
        var initiating = DialbackInitiatingServer { receiving, originating, streamID in
            DialbackKey(key(receiving, originating, streamID))
        }
        _ = initiating.streamOpened(id: streamID)
        initiating.receivingServerSupportsErrors = peerAdvertisesDialbackErrors
        initiating.authorizedPairs = [DialbackDomainPair(senderDomain: localDomain, targetDomain: remoteDomain)]
        multiplexing = initiating
    }

    /// Whether stanzas of `pair` may go over this stream: its own pair, a
    /// pair authorized on it, or one it can still ask for (XEP-0220 §2.6):
    /// another sender domain of ours to the same target (§2.6.1), or another
    /// target domain when the receiving server handles dialback errors
    /// (§2.6.2 says target multiplexing SHOULD NOT be used otherwise). The
    /// caller knows the target is served at the same address.
    public func carries(_ pair: DomainPair) -> Bool {
        guard case .established = stage else { return false }
        if pair.from == localDomain && pair.to == remoteDomain { return true }
        guard let multiplexing, multiplexing.isUsable else { return false }
        return pair.to == remoteDomain || multiplexing.receivingServerSupportsErrors
    }

    /// A stanza for a pair other than the stream's own: written at once when
    /// the pair is authorized, otherwise held while `<db:result/>` asks for it.
    public mutating func sendMultiplexed(_ stanza: XMLElement) -> [S2SOutgoingAction] {
        guard multiplexing != nil else { return [.multiplexing(.reroute([stanza]))] }
        return translate(multiplexing!.send(stanza))
    }

    /// The receiving server's `<db:result type='…'/>` for a multiplexed pair.
    mutating func multiplexedAnswer(_ element: XMLElement) -> [S2SOutgoingAction] {
        let answer: DialbackElement
        do {
            answer = try DialbackElement(parsing: element)
        } catch {
            return fail(.protocolViolation("Bad dialback answer"), error: error)
        }
        let actions = multiplexing!.received(answer)
        guard actions.isEmpty else { return translate(actions) }
        // An answer for no pair we asked for authorizes nothing (XEP-0220
        // §3.1; XEP-0288 §4): treated as anything else unexpected here.
        if isBidirectional { return receivedBidirectional(element) }
        return fail(.protocolViolation("Unsolicited dialback answer"), error: StreamError(.unsupportedStanzaType, text: "Unsolicited dialback answer"))
    }

    /// The stream ended: pairs still waiting fail, what they held bounces
    /// with `remote-server-timeout` (XEP-0220 §2.1.1).
    public mutating func endMultiplexing() -> [S2SOutgoingAction] {
        guard multiplexing != nil else { return [] }
        return translate(multiplexing!.streamClosed())
    }

    /// The dialback role's requests in this stream's terms.
    mutating func translate(_ actions: [DialbackAction]) -> [S2SOutgoingAction] {
        actions.compactMap { action -> S2SOutgoingAction? in
            switch action {
            case .send(let element):
                return .send(element.element)
            case .authorized(let pair):
                // XEP-0288 §2.2: on a bidirectional stream the inverse may come back.
                if isBidirectional { inboundPairs.insert(pair.reversed) }
                return .multiplexing(.authorized(pair))
            case .failed(let pair, let error):
                return .multiplexing(.refused(pair, error))
            case .sendStanza(let stanza):
                return .multiplexing(.send(stanza))
            case .bounce(let stanzas, let error):
                return .multiplexing(.bounce(stanzas, error))
            case .reroute(let stanzas):
                return .multiplexing(.reroute(stanzas))
            case .close(let error):
                return .close(error)
            case .requestVerification, .deliver:
                // Receiving-role requests; the initiating role makes none.
                return nil
            }
        }
    }
}
