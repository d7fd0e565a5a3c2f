/// One resource record of an answer.
public enum DNSResourceRecord: Hashable, Sendable, CustomStringConvertible {
    /// A service location (TYPE 33).
    case srv(SRVRecord)
    /// An IPv4 address (TYPE 1), as a dotted-quad literal (`127.0.0.2`).
    case a(String)
    /// An IPv6 address (TYPE 28), as a literal (`::1`).
    case aaaa(String)

    /// The address literal of an A or AAAA record.
    public var address: String? {
        switch self {
        case .a(let address), .aaaa(let address): address
        case .srv: nil
        }
    }

    public var srvRecord: SRVRecord? {
        if case .srv(let record) = self { return record }
        return nil
    }

    public var description: String {
        switch self {
        case .srv(let record): "SRV \(record)"
        case .a(let address): "A \(address)"
        case .aaaa(let address): "AAAA \(address)"
        }
    }
}
