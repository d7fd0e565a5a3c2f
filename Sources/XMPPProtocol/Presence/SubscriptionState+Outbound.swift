/// RFC 6121 Appendix A.2: the user's server handling subscription stanzas
/// that the user's clients send to a contact. One function per table.
extension SubscriptionState {
    /// Outbound `subscribe` (A.2.1, §3.1.2): always routed, so that a
    /// contact whose server lost the subscription can resynchronise; it
    /// marks the request pending unless the user already has a subscription
    /// to the contact.
    func outboundSubscribe() -> SubscriptionTransition {
        let next: SubscriptionState =
            switch self {
            case .none: .nonePendingOut
            case .nonePendingIn: .nonePendingOutIn
            case .from: .fromPendingOut
            default: self
            }
        return SubscriptionTransition(from: self, to: next, forwards: true)
    }

    /// Outbound `subscribed`, the user approving the contact's request
    /// (A.2.3, §3.1.5): routed, and followed by the user's current presence,
    /// only when a request from the contact is pending. In None, None +
    /// Pending Out and To the RFC would record a pre-approval (§3.4); xmpplab
    /// does not support pre-approval, so the stanza is ignored there, as it
    /// is in the states that already include `from`.
    func outboundSubscribed() -> SubscriptionTransition {
        let next: SubscriptionState
        switch self {
        case .nonePendingIn: next = .from
        case .nonePendingOutIn: next = .fromPendingOut
        case .toPendingIn: next = .both
        default: return SubscriptionTransition(from: self, to: self, forwards: false)
        }
        return SubscriptionTransition(from: self, to: next, forwards: true, sideEffects: [.sendCurrentPresenceToContact])
    }

    /// Outbound `unsubscribe`, the user giving up the subscription to the
    /// contact's presence or withdrawing the request for it (A.2.2, §3.3.2):
    /// always routed.
    func outboundUnsubscribe() -> SubscriptionTransition {
        let next: SubscriptionState =
            switch self {
            case .nonePendingOut, .to: .none
            case .nonePendingOutIn, .toPendingIn: .nonePendingIn
            case .fromPendingOut, .both: .from
            default: self
            }
        return SubscriptionTransition(from: self, to: next, forwards: true)
    }

    /// Outbound `unsubscribed`, the user denying the contact's request or
    /// cancelling the contact's subscription (A.2.4, §3.2.2): routed only
    /// when a request from the contact is pending or the contact is
    /// subscribed. When the contact loses its subscription it first gets
    /// `unavailable` from each of the user's available resources.
    func outboundUnsubscribed() -> SubscriptionTransition {
        let next: SubscriptionState =
            switch self {
            case .nonePendingIn, .from: .none
            case .nonePendingOutIn, .fromPendingOut: .nonePendingOut
            case .toPendingIn, .both: .to
            default: self
            }
        guard next != self else { return SubscriptionTransition(from: self, to: self, forwards: false) }
        let cancelsSubscription = subscription.includesFrom
        return SubscriptionTransition(
            from: self,
            to: next,
            forwards: true,
            sideEffects: cancelsSubscription ? [.sendUnavailablePresenceToContact] : []
        )
    }
}
