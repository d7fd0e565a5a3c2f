/// Stanzas RFC 6121 §3 requires the user's server to generate around a
/// subscription stanza, besides routing or delivering the stanza itself and
/// the roster push. "User" and "contact" are meant as in Appendix A: the user
/// is the account whose roster changes, the contact is the other party.
public enum SubscriptionSideEffect: Hashable, Sendable {
    /// After routing an approval (outbound `subscribed`) that gives the
    /// contact a subscription to the user's presence, send the contact the
    /// user's current presence from each of the user's available resources
    /// (RFC 6121 §3.1.5).
    case sendCurrentPresenceToContact
    /// The contact loses its subscription to the user's presence: send the
    /// contact presence of type `unavailable` from each of the user's
    /// available resources. On an outbound `unsubscribed` this goes out
    /// before the `unsubscribed` is routed, while the contact is still
    /// subscribed (RFC 6121 §3.2.2); on an inbound `unsubscribe` after it is
    /// processed (§3.3.3).
    case sendUnavailablePresenceToContact
    /// The contact asks for a subscription it already has (the user's roster
    /// says `from` or `both`): do not deliver the request, answer it on the
    /// user's behalf with presence of type `subscribed` from the user's bare
    /// JID to the contact's bare JID (RFC 6121 §3.1.3).
    case autoReplySubscribed
}
