/// The unit dialback authorizes (XEP-0220 §1.3): stanzas from the Sender
/// Domain to the Target Domain over one XML stream. Domains are the
/// prepared domainparts of their JIDs.
public struct DialbackDomainPair: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The domain the Initiating Server asserts in 'from'.
    public var senderDomain: String
    /// The domain the stanzas are for, served by the Receiving Server.
    public var targetDomain: String

    public init(senderDomain: String, targetDomain: String) {
        self.senderDomain = senderDomain
        self.targetDomain = targetDomain
    }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.senderDomain, lhs.targetDomain) < (rhs.senderDomain, rhs.targetDomain)
    }

    public var description: String { "\(senderDomain) → \(targetDomain)" }
}
