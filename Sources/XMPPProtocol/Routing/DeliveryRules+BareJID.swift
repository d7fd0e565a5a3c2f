import XMPPCore

extension DeliveryRules {
    /// RFC 6121 §8.5.2, to `localpart@domainpart` of an existing account.
    ///
    /// Messages (§8.5.2.1.1, §8.5.2.2.1):
    /// - `normal`, `chat`: every available resource with the highest
    ///   non-negative priority (all of them when several tie); with none,
    ///   stored offline (§8.5.2.2.1 permits storage; xmpplab never drops a
    ///   message silently);
    /// - `headline`: every available resource with non-negative priority;
    ///   with none, ignored;
    /// - `groupchat`: `service-unavailable`, never delivered;
    /// - `error`: ignored.
    ///
    /// Presence (§8.5.2.1.2, §8.5.2.2.2):
    /// - available, `unavailable`: every available resource, whatever its
    ///   priority; with none, ignored;
    /// - `subscribe`, `subscribed`, `unsubscribe`, `unsubscribed`: handled by
    ///   the server per §3 (Appendix A);
    /// - `probe`: answered by the server per §4.3.2;
    /// - `error` (not covered by §8.5.2): like available presence, every
    ///   available resource, else ignored.
    ///
    /// IQ (§8.5.2.1.3, §8.5.2.2.3): never delivered to a resource; the server
    /// answers on behalf of the account (and consumes a `result` or `error`
    /// as the response to a request it made itself).
    static func toBareJID(_ stanza: DeliveryStanza, account: LocalAccount) -> DeliveryDecision {
        switch stanza {
        case .message(let type):
            return messageToBareJID(type, account: account)
        case .presence(nil), .presence(.unavailable?), .presence(.error?):
            let available = account.availableResources
            guard !available.isEmpty else {
                return .ignore(reason: "RFC 6121 §8.5.2.2.2: presence to a bare JID without available resources")
            }
            return .deliver(toResources: available.map(\.resource))
        case .presence:
            return .handleOnBehalfOfAccount
        case .iq:
            return .handleOnBehalfOfAccount
        }
    }

    /// A message to the bare JID (§8.5.2.1.1, §8.5.2.2.1); also a `chat`
    /// message to a full JID that matches no resource (§8.5.3.2.1).
    static func messageToBareJID(_ type: MessageType, account: LocalAccount) -> DeliveryDecision {
        switch type {
        case .normal, .chat:
            let targets = account.mostAvailableResources
            guard !targets.isEmpty else { return .storeOffline }
            return .deliver(toResources: targets.map(\.resource))
        case .headline:
            let targets = account.nonNegativeResources
            guard !targets.isEmpty else {
                return .ignore(
                    reason: "RFC 6121 §8.5.2.2.1: headline to a bare JID without available non-negative resources"
                )
            }
            return .deliver(toResources: targets.map(\.resource))
        case .groupchat:
            return .replyError(.serviceUnavailable)
        case .error:
            return .ignore(reason: "RFC 6121 §8.5.2.1.1: a message of type error to a bare JID is silently ignored")
        }
    }
}
