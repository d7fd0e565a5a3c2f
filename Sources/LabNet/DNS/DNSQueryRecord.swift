/// One query the lab's DNS answered, as reported to its observer and kept in
/// its query log.
public struct DNSQueryRecord: Hashable, Sendable, CustomStringConvertible {
    /// Position of this query among all queries the resolver answered,
    /// counting from 1.
    public var sequenceNumber: UInt64
    /// Who asked (normalized: a querier is named like a domain, e.g. the
    /// asking server's domain).
    public var querier: String
    /// The question, with its names normalized (lower case, no trailing dot).
    public var question: DNSQuestion
    public var answer: DNSAnswer

    public init(sequenceNumber: UInt64, querier: String, question: DNSQuestion, answer: DNSAnswer) {
        self.sequenceNumber = sequenceNumber
        self.querier = querier
        self.question = question
        self.answer = answer
    }

    public var description: String { "#\(sequenceNumber) \(querier) asks \(question): \(answer)" }
}
