import XMPPCore

extension DialbackInitiatingServer {
    /// A dialback element from the Receiving Server. Only `<db:result/>`
    /// answers for a pair pending on this stream count; anything else is
    /// unsolicited (§3.1) and dropped.
    public mutating func received(_ element: DialbackElement) -> [DialbackAction] {
        guard element.name == .result, !element.isRequest else { return [] }
        // The answer comes from the Target Domain to the Sender Domain (§2.1.1).
        let pair = DialbackDomainPair(senderDomain: element.to, targetDomain: element.from)
        guard pendingPairs.remove(pair) != nil else { return [] }
        let stanzas = queued.removeValue(forKey: pair) ?? []
        switch element.content {
        case .valid:
            authorizedPairs.insert(pair)
            return [.authorized(pair)] + stanzas.map(DialbackAction.sendStanza)
        case .invalid:
            // §2.1.1: queued stanzas go back with internal-server-error; the
            // Receiving Server will close the stream, so nothing more goes out on it.
            isUsable = false
            var actions: [DialbackAction] = [.failed(pair, StanzaError(.forbidden, type: .cancel))]
            if !stanzas.isEmpty {
                actions.append(.bounce(stanzas, StanzaError(.internalServerError, text: "Dialback key for \(pair) found invalid")))
            }
            return actions
        case .error(let error):
            // §2.1.1, §2.5: non-fatal for the stream; queued stanzas go back
            // with remote-server-timeout whatever the condition.
            var actions: [DialbackAction] = [.failed(pair, error)]
            if !stanzas.isEmpty {
                actions.append(.bounce(stanzas, StanzaError(.remoteServerTimeout, text: "Dialback error for \(pair): \(error.condition.rawValue)")))
            }
            return actions
        case .key:
            return []
        }
    }

    /// The stream or its connection closed. Pending pairs fail as on a
    /// dialback error (§2.1.1): their queued stanzas go back with
    /// remote-server-timeout.
    public mutating func streamClosed() -> [DialbackAction] {
        isUsable = false
        let waiting = pendingPairs.union(awaitingStream)
        pendingPairs = []
        awaitingStream = []
        var actions: [DialbackAction] = []
        for pair in waiting.sorted() {
            let error = StanzaError(.remoteServerTimeout, text: "Stream closed before dialback for \(pair) completed")
            actions.append(.failed(pair, error))
            if let stanzas = queued.removeValue(forKey: pair), !stanzas.isEmpty {
                actions.append(.bounce(stanzas, error))
            }
        }
        return actions
    }
}
