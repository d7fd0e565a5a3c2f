/// What the receiving server may send back over a bidirectional stream
/// (XEP-0288 §2.2): only "stanzas for which it has been authenticated". With
/// SASL the initiating server authenticated to the stream's 'to' domain; with
/// dialback, each pair used in a request that was verified. Either way an
/// authorized pair (initiating → receiving) opens its inverse (receiving →
/// initiating), and nothing else.
extension DomainPair {
    /// The same two domains, the other way round.
    public var reversed: DomainPair { DomainPair(from: to, to: from) }
}
