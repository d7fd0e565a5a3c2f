/// XEP-0220's names for the two domains of a `DomainPair` (§1.3): the
/// Sender Domain the Initiating Server asserts in 'from', and the Target
/// Domain the stanzas are for, served by the Receiving Server.
public typealias DialbackDomainPair = DomainPair

extension DomainPair {
    public init(senderDomain: String, targetDomain: String) {
        self.init(from: senderDomain, to: targetDomain)
    }

    public var senderDomain: String { from }
    public var targetDomain: String { to }
}
