/// What the lab's DNS answers to one question.
public enum DNSAnswer: Hashable, Sendable, CustomStringConvertible {
    /// NOERROR with a non-empty answer section.
    case records([DNSResourceRecord])
    /// NOERROR with an empty answer section (the name exists, but has no
    /// records of the type asked: "NODATA").
    case noRecords
    /// RCODE 3, Name Error: the name does not exist.
    case nxdomain
    /// RCODE 2, Server Failure: the name server could not answer.
    case servfail
    /// No response arrived: the querier gives up. The model does not say how
    /// long that took; the caller (which owns the clock) decides.
    case timeout

    /// An answer holding `records`, or `.noRecords` when there are none.
    public static func answer(_ records: [DNSResourceRecord]) -> DNSAnswer {
        records.isEmpty ? .noRecords : .records(records)
    }

    /// The SRV records of the answer (empty unless `.records`).
    public var srvRecords: [SRVRecord] {
        guard case .records(let records) = self else { return [] }
        return records.compactMap(\.srvRecord)
    }

    /// The A and AAAA address literals of the answer, in answer order.
    public var addresses: [String] {
        guard case .records(let records) = self else { return [] }
        return records.compactMap(\.address)
    }

    public var description: String {
        switch self {
        case .records(let records): records.map(\.description).joined(separator: ", ")
        case .noRecords: "NOERROR (no records)"
        case .nxdomain: "NXDOMAIN"
        case .servfail: "SERVFAIL"
        case .timeout: "timeout"
        }
    }
}
