/// The four values of a roster item's `subscription` attribute that describe
/// a presence subscription (RFC 6121 §2.1.2.5), seen from the user who owns
/// the roster, never from the contact.
public enum RosterSubscription: String, CaseIterable, Hashable, Sendable {
    /// Neither the user nor the contact is subscribed to the other's presence.
    case none
    /// The user is subscribed to the contact's presence, not the reverse.
    case to
    /// The contact is subscribed to the user's presence, not the reverse.
    case from
    /// Each is subscribed to the other's presence.
    case both

    /// Whether the user receives the contact's presence (`to` or `both`).
    public var includesTo: Bool { self == .to || self == .both }

    /// Whether the contact receives the user's presence (`from` or `both`).
    public var includesFrom: Bool { self == .from || self == .both }

    /// The subscription made of these two halves.
    public init(to: Bool, from: Bool) {
        switch (to, from) {
        case (false, false): self = .none
        case (true, false): self = .to
        case (false, true): self = .from
        case (true, true): self = .both
        }
    }
}

/// Every value the `subscription` attribute of a roster `<item/>` may take
/// on the wire (RFC 6121 §2.1.2.5): the four subscription states, plus
/// `remove`, which only appears in a roster set that deletes the item and in
/// the roster push announcing the deletion (RFC 6121 §2.5).
public enum RosterItemSubscription: String, CaseIterable, Hashable, Sendable {
    case none
    case to
    case from
    case both
    case remove

    public init(_ subscription: RosterSubscription) {
        switch subscription {
        case .none: self = .none
        case .to: self = .to
        case .from: self = .from
        case .both: self = .both
        }
    }

    /// The subscription state, or `nil` for `remove`. (Spelled out: a bare
    /// `.none` here would read as `Optional.none`.)
    public var subscription: RosterSubscription? {
        switch self {
        case .none: RosterSubscription.none
        case .to: RosterSubscription.to
        case .from: RosterSubscription.from
        case .both: RosterSubscription.both
        case .remove: nil
        }
    }
}
