extension SubscriptionState {
    /// How the user's server handles `stanza` travelling in `direction` while
    /// the user's roster is in this state (RFC 6121 Appendix A.2, A.3).
    public func handling(_ stanza: SubscriptionStanza, _ direction: SubscriptionDirection) -> SubscriptionTransition {
        switch direction {
        case .outbound: handlingOutbound(stanza)
        case .inbound: handlingInbound(stanza)
        }
    }

    /// The transition for a subscription stanza that one of the user's
    /// clients sends to the contact (Appendix A.2).
    public func handlingOutbound(_ stanza: SubscriptionStanza) -> SubscriptionTransition {
        switch stanza {
        case .subscribe: outboundSubscribe()
        case .subscribed: outboundSubscribed()
        case .unsubscribe: outboundUnsubscribe()
        case .unsubscribed: outboundUnsubscribed()
        }
    }

    /// The transition for a subscription stanza that the contact sends to
    /// the user (Appendix A.3).
    public func handlingInbound(_ stanza: SubscriptionStanza) -> SubscriptionTransition {
        switch stanza {
        case .subscribe: inboundSubscribe()
        case .subscribed: inboundSubscribed()
        case .unsubscribe: inboundUnsubscribe()
        case .unsubscribed: inboundUnsubscribed()
        }
    }
}
