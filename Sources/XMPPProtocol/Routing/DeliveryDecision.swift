import XMPPCore

/// What the server does with a stanza addressed to a local account
/// (RFC 6121 §8.5).
public enum DeliveryDecision: Hashable, Sendable {
    /// Deliver a copy to each of these connected resources (by resourcepart,
    /// never empty), leaving the `to` address as it was written (RFC 6121
    /// §8.5.2.1.1: a bare `to` is not rewritten).
    case deliver(toResources: [String])
    /// Keep the message for the account's next available resource (RFC 6121
    /// §8.5.2.2.1 permits this for `normal` and `chat` messages). Only
    /// produced for those two message types, to an existing account.
    case storeOffline
    /// Answer the sender with this stanza error (never for a stanza of type
    /// `error`).
    case replyError(StanzaErrorCondition)
    /// Do not deliver and do not answer, where the RFC says "silently
    /// ignore" (or allows it); the reason is for the trace, which still
    /// records the stanza.
    case ignore(reason: String)
    /// The server processes the stanza itself on behalf of the account: an
    /// IQ to the bare JID (RFC 6121 §8.5.2.1.3, §8.5.2.2.3: answer or
    /// `service-unavailable`, consume a response), a subscription stanza
    /// (§3, Appendix A: `SubscriptionState.handling(_:_:)` then says whether
    /// to deliver it) or a presence probe (§4.3.2).
    case handleOnBehalfOfAccount

    /// Whether this is `.ignore`, whatever the reason.
    public var isIgnore: Bool {
        if case .ignore = self { return true }
        return false
    }
}
