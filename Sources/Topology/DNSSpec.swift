/// `dns:` — what the lab's simulated DNS answers.
///
/// By default every lab domain gets one `_xmpp-server._tcp` and one
/// `_xmpp-client._tcp` SRV record pointing at its own server (through its
/// links where there are links); entries here replace those defaults for the
/// domains they name.
public struct DNSSpec: Sendable, Equatable {
    /// Per-domain SRV records (replacing the defaults for that domain and service).
    public var records: [DomainRecords]
    /// Extra A/AAAA records: host name → addresses.
    public var addresses: [HostAddresses]
    /// Answers that depend on who asks.
    public var overrides: [DNSOverride]
    /// Failures in place when the run starts.
    public var failures: [DNSFailureSpec]

    public init(
        records: [DomainRecords] = [],
        addresses: [HostAddresses] = [],
        overrides: [DNSOverride] = [],
        failures: [DNSFailureSpec] = []
    ) {
        self.records = records
        self.addresses = addresses
        self.overrides = overrides
        self.failures = failures
    }
}

public enum DNSServiceKind: String, Sendable, Equatable, CaseIterable {
    /// `_xmpp-server._tcp`
    case server
    /// `_xmpp-client._tcp`
    case client
}

public struct DomainRecords: Sendable, Equatable {
    public var domain: String
    public var service: DNSServiceKind
    /// Empty with `notOffered` false means "no SRV record": RFC 6120 §3.2
    /// fallback to A/AAAA on the default port.
    public var srv: [SRVSpec]
    /// A single SRV record with target "." (the service is not offered).
    public var notOffered: Bool
    public var location: SourceLocation

    public init(domain: String, service: DNSServiceKind = .server, srv: [SRVSpec], notOffered: Bool = false, location: SourceLocation = .unknown) {
        self.domain = domain
        self.service = service
        self.srv = srv
        self.notOffered = notOffered
        self.location = location
    }
}

/// One SRV record. The port is either written out, or taken from a lab
/// server's listener (ports are chosen at run time), or a port where nothing
/// listens.
public struct SRVSpec: Sendable, Equatable {
    public var priority: Int
    public var weight: Int
    /// Host name the record points at (needs an A record: lab domains and
    /// `addresses:` entries have one).
    public var target: String
    public var port: SRVPort

    public init(priority: Int = 0, weight: Int = 0, target: String, port: SRVPort) {
        self.priority = priority
        self.weight = weight
        self.target = target
        self.port = port
    }
}

public enum SRVPort: Sendable, Equatable {
    /// The listener of the lab server for this domain (s2s or c2s, by the
    /// record's service).
    case server(String)
    /// A fixed port number.
    case fixed(Int)
    /// A port the lab keeps closed: connections are refused.
    case dead
}

public struct HostAddresses: Sendable, Equatable {
    public var host: String
    public var addresses: [String]

    public init(host: String, addresses: [String]) {
        self.host = host
        self.addresses = addresses
    }
}

/// An answer only `querier` gets: when `querier` asks for `domain`'s SRV
/// records it gets `srv` instead.
public struct DNSOverride: Sendable, Equatable {
    public var querier: String
    public var domain: String
    public var service: DNSServiceKind
    public var srv: [SRVSpec]
    public var location: SourceLocation

    public init(querier: String, domain: String, service: DNSServiceKind = .server, srv: [SRVSpec], location: SourceLocation = .unknown) {
        self.querier = querier
        self.domain = domain
        self.service = service
        self.srv = srv
        self.location = location
    }
}

public enum DNSFailureKind: String, Sendable, Equatable, CaseIterable {
    case nxdomain
    case servfail
    case timeout
}

public struct DNSFailureSpec: Sendable, Equatable {
    public var domain: String
    public var failure: DNSFailureKind
    /// Only this querier sees the failure (all queriers when nil).
    public var querier: String?

    public init(domain: String, failure: DNSFailureKind, querier: String? = nil) {
        self.domain = domain
        self.failure = failure
        self.querier = querier
    }
}
