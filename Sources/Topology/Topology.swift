/// A whole federation as a topology file describes it: servers, DNS, links,
/// clients and a scenario.
///
/// The model is what the parser produces after defaults have been applied
/// and counts expanded, so the lab never looks at YAML. Collections keyed by
/// domain are kept sorted by domain, so a world is always built in the same
/// order from the same file.
public struct Topology: Sendable, Equatable {
    public var name: String
    /// The one seed every random choice of a run derives from.
    public var seed: UInt64
    /// Free text from the file (`description:`).
    public var summary: String?
    /// Virtual servers hosted by the lab, sorted by domain.
    public var servers: [ServerSpec]
    /// Domains served outside the lab (a real Prosody, say), sorted by domain.
    public var externalDomains: [ExternalDomainSpec]
    public var dns: DNSSpec
    /// Links between pairs of domains, sorted by pair.
    public var links: [LinkSpec]
    /// Every client, counts already expanded (`user{n}` × 200 is 200 entries).
    public var clients: [ClientSpec]
    public var scenario: Scenario
    /// The file's text, kept so a recording can store exactly what was run.
    public var sourceText: String
    /// The file name as given to the parser.
    public var sourceFile: String

    public init(
        name: String,
        seed: UInt64,
        summary: String? = nil,
        servers: [ServerSpec],
        externalDomains: [ExternalDomainSpec] = [],
        dns: DNSSpec = DNSSpec(),
        links: [LinkSpec] = [],
        clients: [ClientSpec] = [],
        scenario: Scenario = Scenario(),
        sourceText: String = "",
        sourceFile: String = "<string>"
    ) {
        self.name = name
        self.seed = seed
        self.summary = summary
        self.servers = servers.sorted { $0.domain < $1.domain }
        self.externalDomains = externalDomains.sorted { $0.domain < $1.domain }
        self.dns = dns
        self.links = links.sorted { ($0.pair.first, $0.pair.second) < ($1.pair.first, $1.pair.second) }
        self.clients = clients
        self.scenario = scenario
        self.sourceText = sourceText
        self.sourceFile = sourceFile
    }

    public func server(_ domain: String) -> ServerSpec? {
        servers.first { $0.domain == domain }
    }

    /// The lab server hosting `domain`, as its own domain or a virtual host.
    public func server(hosting domain: String) -> ServerSpec? {
        servers.first { $0.domain == domain || $0.virtualHosts.contains(domain) }
    }

    public func client(named name: String) -> ClientSpec? {
        clients.first { $0.name == name }
    }

    public func link(between a: String, and b: String) -> LinkSpec? {
        let pair = DomainPairSpec(a, b)
        return links.first { $0.pair == pair }
    }
}
