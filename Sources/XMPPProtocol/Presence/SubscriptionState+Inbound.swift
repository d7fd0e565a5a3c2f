/// RFC 6121 Appendix A.3: the user's server handling subscription stanzas
/// that a contact sends to the user. One function per table.
extension SubscriptionState {
    /// Inbound `subscribe` (A.3.1, §3.1.3): delivered, and recorded as
    /// pending in, unless a request is already pending (then not delivered
    /// again) or the contact already has a subscription (then not delivered,
    /// but answered with `subscribed` on the user's behalf).
    func inboundSubscribe() -> SubscriptionTransition {
        if subscription.includesFrom {
            return SubscriptionTransition(from: self, to: self, forwards: false, sideEffects: [.autoReplySubscribed])
        }
        let next: SubscriptionState
        switch self {
        case .none: next = .nonePendingIn
        case .nonePendingOut: next = .nonePendingOutIn
        case .to: next = .toPendingIn
        default: return SubscriptionTransition(from: self, to: self, forwards: false)
        }
        return SubscriptionTransition(from: self, to: next, forwards: true)
    }

    /// Inbound `subscribed`, the contact approving the user's request
    /// (A.3.3, §3.1.6): delivered only while the user's request is pending;
    /// otherwise ignored.
    func inboundSubscribed() -> SubscriptionTransition {
        let next: SubscriptionState
        switch self {
        case .nonePendingOut: next = .to
        case .nonePendingOutIn: next = .toPendingIn
        case .fromPendingOut: next = .both
        default: return SubscriptionTransition(from: self, to: self, forwards: false)
        }
        return SubscriptionTransition(from: self, to: next, forwards: true)
    }

    /// Inbound `unsubscribe`, the contact giving up its subscription to the
    /// user's presence or withdrawing its request (A.3.2, §3.3.3): delivered
    /// only when it changes something. When the contact loses its
    /// subscription it gets `unavailable` from each of the user's available
    /// resources.
    func inboundUnsubscribe() -> SubscriptionTransition {
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

    /// Inbound `unsubscribed`, the contact denying the user's request or
    /// cancelling the user's subscription (A.3.4, §3.2.3): delivered only
    /// when it changes something.
    func inboundUnsubscribed() -> SubscriptionTransition {
        let next: SubscriptionState =
            switch self {
            case .nonePendingOut, .to: .none
            case .nonePendingOutIn, .toPendingIn: .nonePendingIn
            case .fromPendingOut, .both: .from
            default: self
            }
        return SubscriptionTransition(from: self, to: next, forwards: next != self)
    }
}
