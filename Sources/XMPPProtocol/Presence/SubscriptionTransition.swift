/// What the user's server does with one subscription stanza in one
/// subscription state: one row of one table of RFC 6121 Appendix A.2/A.3,
/// plus the duties the body of §3 attaches to it.
public struct SubscriptionTransition: Hashable, Sendable {
    /// The state before the stanza.
    public let oldState: SubscriptionState
    /// The state after the stanza ("no state change" is `oldState`).
    public let newState: SubscriptionState
    /// The "ROUTE?" column of A.2 (outbound: route the stanza to the
    /// contact) or the "DELIVER?" column of A.3 (inbound: deliver the stanza
    /// to the user's available resources). When `false` the server does not
    /// pass the stanza on; the RFC has it silently ignored (xmpplab still
    /// traces it).
    public let forwards: Bool
    /// Stanzas the server must generate besides the stanza itself.
    public let sideEffects: [SubscriptionSideEffect]

    public init(
        from oldState: SubscriptionState,
        to newState: SubscriptionState,
        forwards: Bool,
        sideEffects: [SubscriptionSideEffect] = []
    ) {
        self.oldState = oldState
        self.newState = newState
        self.forwards = forwards
        self.sideEffects = sideEffects
    }

    /// Whether the state changed.
    public var changesState: Bool { oldState != newState }

    /// Whether the server owes the user's interested resources a roster push
    /// (RFC 6121 §2.1.6, §3): whenever what the roster item shows changes,
    /// i.e. its `subscription` or its `ask='subscribe'`. A change of the
    /// pending-in sub-state alone is not shown in the roster item (A.1: "might
    /// or might not be reflected"; xmpplab does not), so it owes no push.
    public var rosterPush: Bool {
        oldState.subscription != newState.subscription || oldState.ask != newState.ask
    }
}
