/// A failure the lab's DNS can be told to give for a name, on demand.
///
/// A "dead port" is not a DNS failure: it is ordinary records pointing at a
/// port nobody listens on.
public enum DNSFailure: String, Hashable, Sendable, CaseIterable {
    /// Answer NXDOMAIN, as if the name did not exist.
    case nxdomain
    /// Answer SERVFAIL.
    case servfail
    /// Give no answer: the query times out.
    case timeout

    /// The answer this failure gives.
    public var answer: DNSAnswer {
        switch self {
        case .nxdomain: .nxdomain
        case .servfail: .servfail
        case .timeout: .timeout
        }
    }
}
