import XMPPCore

extension DeliveryRules {
    /// RFC 6121 §8.5.1, the account does not exist (bare or full JID alike):
    /// - message: ignore or `service-unavailable`; xmpplab answers
    ///   `service-unavailable`, and ignores a message of type `error`;
    /// - presence of any type, subscription requests included: silently
    ///   ignore (for a `probe` the RFC also allows answering `unsubscribed`;
    ///   xmpplab ignores it);
    /// - IQ `get`/`set`: `service-unavailable`; `result`/`error` are
    ///   responses and are ignored (RFC 6120 §8.2.3, §8.3.1).
    static func noSuchUser(_ stanza: DeliveryStanza) -> DeliveryDecision {
        switch stanza {
        case .message(.error):
            .ignore(reason: "RFC 6121 §8.5.1: no such user; a message of type error is never answered")
        case .message:
            .replyError(.serviceUnavailable)
        case .presence(let type):
            .ignore(reason: "RFC 6121 §8.5.1: no such user; presence \(type?.rawValue ?? "available") is silently ignored")
        case .iq(let type) where type.isRequest:
            .replyError(.serviceUnavailable)
        case .iq(let type):
            .ignore(reason: "RFC 6121 §8.5.1: no such user; an IQ \(type.rawValue) is a response and is never answered")
        }
    }
}
