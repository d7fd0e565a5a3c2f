import XMPPCore

/// What the delivery rules of RFC 6121 §8.5 look at in a stanza: its kind
/// and its type.
public enum DeliveryStanza: Hashable, Sendable {
    /// A `<message/>` of this type (absent or unknown reads as `normal`).
    case message(MessageType)
    /// A `<presence/>` of this type; `nil` for available presence (no
    /// `type`).
    case presence(PresenceType?)
    /// An `<iq/>` of this type.
    case iq(IQType)

    /// `nil` when `element` is no stanza, or an `<iq/>` without one of the
    /// four defined types (answer it with `IQ.validate(_:)` instead).
    public init?(_ element: XMLElement) {
        if let message = Message(element) {
            self = .message(message.type)
        } else if let presence = Presence(element) {
            self = .presence(presence.type)
        } else if let iq = IQ(element) {
            self = .iq(iq.type)
        } else {
            return nil
        }
    }
}
