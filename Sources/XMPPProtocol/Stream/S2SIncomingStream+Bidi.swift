import XMPPCore

extension S2SIncomingStream {
    /// `<bidi xmlns='urn:xmpp:bidi'/>` (XEP-0288 §2.2): no answer. Honoured
    /// only when we offered the feature; otherwise the stream stays one-way
    /// and the initiating server gets our stanzas over a connection of our own.
    mutating func requestBidirectional() -> [S2SIncomingAction] {
        guard policy.bidi, !isBidirectional else { return [] }
        isBidirectional = true
        return announceSendablePairs()
    }

    /// On an open bidirectional stream, every authorized pair not announced
    /// yet opens its inverse (XEP-0288 §2.2: with SASL, from the stream's 'to'
    /// to the authenticated domain; with dialback, the inverse of each
    /// verified request). Nothing is announced mid-restart, so a stanza is
    /// never written before our stream header.
    mutating func announceSendablePairs() -> [S2SIncomingAction] {
        guard isBidirectional, case .open = stage else { return [] }
        var actions: [S2SIncomingAction] = []
        for pair in authorizedPairs.sorted() {
            let reverse = pair.reversed
            guard sendablePairs.insert(reverse).inserted else { continue }
            actions.append(.sendingAuthorized(localDomain: reverse.from, remoteDomain: reverse.to))
        }
        return actions
    }

    /// A stanza from this server to the initiating server, back over the
    /// stream (XEP-0288): only for a pair announced by `.sendingAuthorized`.
    public mutating func send(_ stanza: XMLElement) throws(BidiSendRefusal) -> [S2SIncomingAction] {
        if case .closed = stage { throw .closed }
        guard isBidirectional else { throw .notBidirectional }
        guard let pair = S2SStanzaAddressing.pair(of: stanza) else { throw .improperAddressing }
        guard case .open = stage, sendablePairs.contains(pair) else { throw .notAuthorized(pair) }
        return [.send(stanza)]
    }
}
