/// What a querier asks the lab's DNS.
public enum DNSQuestion: Hashable, Sendable, CustomStringConvertible {
    /// QTYPE=SRV for `_<service>._tcp.<domain>`.
    case srv(service: DNSService, domain: String)
    /// QTYPE=A and QTYPE=AAAA for `host`, asked together (the lab answers
    /// both address families in one answer).
    case address(host: String)

    /// The QNAME: the owner name asked about.
    public var ownerName: DNSName {
        switch self {
        case .srv(let service, let domain): service.srvOwnerName(for: DNSName(domain))
        case .address(let host): DNSName(host)
        }
    }

    /// The same question with its names normalized (case folded, no
    /// trailing dot), so equal questions compare equal as dictionary keys.
    public var normalized: DNSQuestion {
        switch self {
        case .srv(let service, let domain): .srv(service: service, domain: DNSName(domain).normalized)
        case .address(let host): .address(host: DNSName(host).normalized)
        }
    }

    public var description: String {
        switch self {
        case .srv: "SRV \(ownerName)"
        case .address: "A/AAAA \(ownerName)"
        }
    }
}
