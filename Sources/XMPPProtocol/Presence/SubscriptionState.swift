/// One of the nine subscription states of RFC 6121 Appendix A.1, always seen
/// from the user whose server holds the roster: the primary state (None, To,
/// From, Both) and the pending sub-states.
///
/// - `pendingOut`: the user has sent the contact a subscription request that
///   the contact has not answered yet (shown in the roster as
///   `ask='subscribe'`); only possible without a `to` subscription.
/// - `pendingIn`: the contact has sent the user a subscription request that
///   the user has not answered yet; only possible without a `from`
///   subscription. Not shown in the roster item.
///
/// The state "None" also stands for a contact that is not in the roster at
/// all (A.1, Implementation Note). Pre-approval (RFC 6121 §3.4) is not
/// modelled.
public struct SubscriptionState: Hashable, Sendable {
    /// The primary state.
    public let subscription: RosterSubscription
    /// The user's request to the contact awaits an answer ("Pending Out").
    public let pendingOut: Bool
    /// The contact's request to the user awaits an answer ("Pending In").
    public let pendingIn: Bool

    /// `nil` for the combinations Appendix A.1 does not define: pending out
    /// with a `to` subscription, pending in with a `from` subscription.
    public init?(subscription: RosterSubscription, pendingOut: Bool = false, pendingIn: Bool = false) {
        if pendingOut && subscription.includesTo { return nil }
        if pendingIn && subscription.includesFrom { return nil }
        self.subscription = subscription
        self.pendingOut = pendingOut
        self.pendingIn = pendingIn
    }

    private init(_ subscription: RosterSubscription, out pendingOut: Bool, in pendingIn: Bool) {
        self.subscription = subscription
        self.pendingOut = pendingOut
        self.pendingIn = pendingIn
    }

    /// "None": not subscribed either way, nothing pending.
    public static let none = SubscriptionState(.none, out: false, in: false)
    /// "None + Pending Out": the user asked, the contact has not replied.
    public static let nonePendingOut = SubscriptionState(.none, out: true, in: false)
    /// "None + Pending In": the contact asked, the user has not replied.
    public static let nonePendingIn = SubscriptionState(.none, out: false, in: true)
    /// "None + Pending Out/In": both asked, neither replied.
    public static let nonePendingOutIn = SubscriptionState(.none, out: true, in: true)
    /// "To": the user is subscribed to the contact's presence.
    public static let to = SubscriptionState(.to, out: false, in: false)
    /// "To + Pending In": as "To", and the contact asked the user.
    public static let toPendingIn = SubscriptionState(.to, out: false, in: true)
    /// "From": the contact is subscribed to the user's presence.
    public static let from = SubscriptionState(.from, out: false, in: false)
    /// "From + Pending Out": as "From", and the user asked the contact.
    public static let fromPendingOut = SubscriptionState(.from, out: true, in: false)
    /// "Both": subscribed both ways.
    public static let both = SubscriptionState(.both, out: false, in: false)

    /// The nine states, in the order of RFC 6121 Appendix A.1.
    public static let allStates: [SubscriptionState] = [
        .none, .nonePendingOut, .nonePendingIn, .nonePendingOutIn,
        .to, .toPendingIn, .from, .fromPendingOut, .both,
    ]

    /// The roster item's `ask='subscribe'` flag (RFC 6121 §2.1.2.2):
    /// the same as `pendingOut`.
    public var ask: Bool { pendingOut }
}

extension SubscriptionState: CustomStringConvertible {
    /// The state's name as RFC 6121 Appendix A.1 writes it, e.g.
    /// `None + Pending Out/In`.
    public var description: String {
        let primary: String
        switch subscription {
        case .none: primary = "None"
        case .to: primary = "To"
        case .from: primary = "From"
        case .both: primary = "Both"
        }
        switch (pendingOut, pendingIn) {
        case (false, false): return primary
        case (true, false): return primary + " + Pending Out"
        case (false, true): return primary + " + Pending In"
        case (true, true): return primary + " + Pending Out/In"
        }
    }
}
