/// The records the lab's DNS serves: SRV record sets under
/// `_<service>._tcp.<domain>` and A/AAAA record sets per host name.
///
/// A pure value: answering a question neither draws randomness nor reads a
/// clock. A name exists when it owns a record set (even an empty one, set on
/// purpose) or when a name below it does (`example.net` exists when
/// `_xmpp-server._tcp.example.net` does); questions about other names get
/// NXDOMAIN, questions about existing names without records of the type asked
/// get NOERROR with no records.
public struct DNSZone: Hashable, Sendable {
    private var srvRecordSets: [DNSName: [SRVRecord]] = [:]
    private var addressRecordSets: [DNSName: [DNSResourceRecord]] = [:]

    public init() {}

    /// Replaces the SRV records of `_<service>._tcp.<domain>`. An empty list
    /// keeps the name in existence with no SRV records (the query gets
    /// NOERROR with an empty answer, not NXDOMAIN).
    public mutating func setSRVRecords(_ records: [SRVRecord], service: DNSService, domain: String) {
        srvRecordSets[service.srvOwnerName(for: DNSName(domain))] = records
    }

    /// Removes `_<service>._tcp.<domain>` (its query gets NXDOMAIN).
    public mutating func removeSRVRecords(service: DNSService, domain: String) {
        srvRecordSets[service.srvOwnerName(for: DNSName(domain))] = nil
    }

    /// Replaces the A and AAAA records of `host`: literals with a colon are
    /// IPv6 (AAAA), the others IPv4 (A). An empty list keeps the name in
    /// existence without addresses.
    public mutating func setAddresses(_ addresses: [String], host: String) {
        addressRecordSets[DNSName(host)] = addresses.map(Self.addressRecord)
    }

    /// Removes the A and AAAA records of `host`.
    public mutating func removeAddresses(host: String) {
        addressRecordSets[DNSName(host)] = nil
    }

    /// The A or AAAA record for an address literal.
    public static func addressRecord(_ address: String) -> DNSResourceRecord {
        address.contains(":") ? .aaaa(address) : .a(address)
    }

    /// Whether `name` exists: it owns a record set, or a name below it does.
    public func nameExists(_ name: DNSName) -> Bool {
        srvRecordSets.keys.contains { $0.isSubdomain(of: name) }
            || addressRecordSets.keys.contains { $0.isSubdomain(of: name) }
    }

    /// The zone's answer to `question`.
    public func answer(_ question: DNSQuestion) -> DNSAnswer {
        let name = question.ownerName
        let records: [DNSResourceRecord]? =
            switch question {
            case .srv: srvRecordSets[name].map { $0.map(DNSResourceRecord.srv) }
            case .address: addressRecordSets[name]
            }
        if let records, !records.isEmpty { return .records(records) }
        return nameExists(name) ? .noRecords : .nxdomain
    }
}
