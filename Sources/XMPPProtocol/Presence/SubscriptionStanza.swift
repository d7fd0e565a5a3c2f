import XMPPCore

/// The four presence types that manage subscriptions (RFC 6121 §3), the
/// inputs of the state machine of Appendix A.
public enum SubscriptionStanza: String, CaseIterable, Hashable, Sendable {
    /// A subscription request (§3.1).
    case subscribe
    /// Approval of a subscription request (§3.1.5, §3.1.6).
    case subscribed
    /// Unsubscribing from the other entity's presence (§3.3).
    case unsubscribe
    /// Denial of a request or cancellation of a subscription (§3.2).
    case unsubscribed

    /// `nil` for presence types that do not manage subscriptions.
    public init?(_ type: PresenceType) {
        switch type {
        case .subscribe: self = .subscribe
        case .subscribed: self = .subscribed
        case .unsubscribe: self = .unsubscribe
        case .unsubscribed: self = .unsubscribed
        default: return nil
        }
    }

    /// The presence `type` carrying this stanza.
    public var presenceType: PresenceType {
        switch self {
        case .subscribe: .subscribe
        case .subscribed: .subscribed
        case .unsubscribe: .unsubscribe
        case .unsubscribed: .unsubscribed
        }
    }
}
