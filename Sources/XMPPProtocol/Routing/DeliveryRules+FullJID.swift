import XMPPCore

extension DeliveryRules {
    /// RFC 6121 §8.5.3.1, the full JID names a connected resource (available
    /// or not, whatever its priority): messages, IQs of every type, and
    /// available, `unavailable` and `error` presence go to that resource.
    /// Subscription stanzas and probes concern the account, not a session
    /// (§3, §4.3.2): the server handles them as if sent to the bare JID.
    static func toMatchingResource(_ stanza: DeliveryStanza, _ resource: ConnectedResource) -> DeliveryDecision {
        switch stanza {
        case .presence(.subscribe?), .presence(.subscribed?), .presence(.unsubscribe?),
            .presence(.unsubscribed?), .presence(.probe?):
            .handleOnBehalfOfAccount
        case .message, .presence, .iq:
            .deliver(toResources: [resource.resource])
        }
    }

    /// RFC 6121 §8.5.3.2, the full JID names no connected resource.
    ///
    /// Messages (§8.5.3.2.1):
    /// - `chat`: as if sent to the bare JID (highest non-negative available
    ///   resources, else offline storage);
    /// - `normal`, `groupchat`: the RFC allows ignoring or an error;
    ///   xmpplab answers `service-unavailable` (note: not the bare-JID
    ///   rules, which RFC 6121 reserves for `chat`);
    /// - `headline`: ignored (also allowed: an error);
    /// - `error`: ignored.
    ///
    /// Presence (§8.5.3.2.2): `subscribe` is handled per §3.1.3 and `probe`
    /// per §4.3.2 (`handleOnBehalfOfAccount`); available, `unavailable`,
    /// `subscribed`, `unsubscribe` and `unsubscribed` are silently ignored,
    /// as the RFC says; `error` (not covered) is ignored too.
    ///
    /// IQ (§8.5.3.2.3): `service-unavailable` for `get` and `set`; a `result`
    /// or `error` is ignored, since responses are never answered (RFC 6120
    /// §8.2.3, §8.3.1).
    static func toUnmatchedFullJID(_ stanza: DeliveryStanza, account: LocalAccount) -> DeliveryDecision {
        switch stanza {
        case .message(.chat):
            messageToBareJID(.chat, account: account)
        case .message(.normal), .message(.groupchat):
            .replyError(.serviceUnavailable)
        case .message(let type):
            .ignore(reason: "RFC 6121 §8.5.3.2.1: \(type.rawValue) message to an unknown resource")
        case .presence(.subscribe?), .presence(.probe?):
            .handleOnBehalfOfAccount
        case .presence(let type):
            .ignore(reason: "RFC 6121 §8.5.3.2.2: presence \(type?.rawValue ?? "available") to an unknown resource")
        case .iq(let type) where type.isRequest:
            .replyError(.serviceUnavailable)
        case .iq(let type):
            .ignore(reason: "RFC 6121 §8.5.3.2.3: IQ \(type.rawValue) to an unknown resource is a response, never answered")
        }
    }
}
