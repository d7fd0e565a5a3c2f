import XMPPCore

/// The server's rules for a stanza whose `to` is `localpart@domainpart` or
/// `localpart@domainpart/resourcepart` on one of its own domains (RFC 6121
/// §8.5), as a pure function of the stanza's kind and type, the resourcepart
/// it names and the state of the account.
///
/// Where the RFC leaves a choice, xmpplab decides as follows (the details
/// are in the functions for each case):
/// - a `normal` or `chat` message to the bare JID goes to every available
///   resource with the highest non-negative priority (the RFC allows the
///   "most available" resource or all non-negative ones; xmpplab takes all
///   of the highest), and is stored offline when there is none;
/// - no message to the bare JID reaches a resource with negative priority;
/// - where the RFC allows "silently ignore or return an error" for a
///   message, xmpplab returns `service-unavailable` (no such user, §8.5.1;
///   `normal` and `groupchat` to an unknown resource, §8.5.3.2.1), except
///   for a `headline` to an unknown resource, which it ignores;
/// - a `probe` for an account that does not exist is ignored (§8.5.1 also
///   allows answering `unsubscribed`);
/// - a stanza of type `error` is never answered with an error (RFC 6120
///   §8.3.1), nor an IQ `result` (RFC 6120 §8.2.3), whatever the table says;
/// - a presence of an undefined type gets `bad-request` (RFC 6121 §4.7.1).
public enum DeliveryRules {
    /// The decision for `stanza` sent to `to`, a JID with a localpart on one
    /// of the server's domains; `account` is the account `to.bare` names.
    public static func decide(_ stanza: DeliveryStanza, to: JID, account: LocalAccount) -> DeliveryDecision {
        decide(stanza, toResource: to.resourcepart, account: account)
    }

    /// The decision for `stanza` sent to the bare JID of `account`
    /// (`resource == nil`) or to one of its full JIDs.
    public static func decide(_ stanza: DeliveryStanza, toResource resource: String?, account: LocalAccount)
        -> DeliveryDecision
    {
        if case .presence(.invalid?) = stanza { return .replyError(.badRequest) }
        guard account.exists else { return noSuchUser(stanza) }
        guard let resource else { return toBareJID(stanza, account: account) }
        if let connected = account.resource(named: resource) {
            return toMatchingResource(stanza, connected)
        }
        return toUnmatchedFullJID(stanza, account: account)
    }
}
