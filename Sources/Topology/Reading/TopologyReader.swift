import Yams

/// Reads a composed YAML tree into a ``Topology``, collecting every problem
/// it finds rather than stopping at the first.
///
/// Sections are read in the order their references need — servers and
/// external domains before DNS, links and clients; clients before the
/// scenario — whatever order the file writes them in. What each section
/// declares is remembered here for the references of the later ones.
struct TopologyReader {
    let file: String
    /// Placeholder key → original key, from ``YAMLComposer``.
    let renamedKeys: [String: String]
    var issues: [TopologyIssue] = []
    var nodeVisitsLeft = TopologyLimits.maximumNodeVisits

    /// Lab server domains → where each was declared.
    var labDomains: [String: SourceLocation] = [:]
    /// Virtual hosts (also in `labDomains`) and the server hosting each.
    var virtualHostOf: [String: String] = [:]
    var externalDomains: [String: ExternalDomainSpec] = [:]
    var linkPairs: [DomainPairSpec: SourceLocation] = [:]
    /// Client names (bare JIDs, counts expanded) → where each was declared.
    var clientNames: [String: SourceLocation] = [:]
    /// Client names in file order (`"*"` in a chaos step).
    var clientOrder: [String] = []
    var groups: Set<String> = []
    /// Group name → its members, in file order.
    var groupMembers: [String: [String]] = [:]
    /// The topology's seed once read (chaos steps draw from it).
    var seed: UInt64 = 0
    /// Chaos steps read so far (each draws from its own generator).
    var chaosSteps = 0
    var messageIDs = MessageIDs()
    /// The scenario's duration once read; steps may not start after it.
    var scenarioDuration: Duration = .seconds(10)

    init(file: String, renamedKeys: [String: String]) {
        self.file = file
        self.renamedKeys = renamedKeys
    }

    /// The topology, or nil when any issue was found (they are in `issues`).
    mutating func readTopology(_ root: Node?, text: String) -> Topology? {
        guard let root else {
            error("the file is empty (expected a mapping with name, seed and servers)", at: SourceLocation(file: file, line: 1, column: 1))
            return nil
        }
        guard let top = fields(root, in: "topology", allowed: TopologyKeys.topLevel, nullIsEmpty: false) else { return nil }
        let name = require(top, "name").flatMap { string($0) }
        let seed = require(top, "seed").flatMap { unsignedInteger($0, name: "seed") }
        self.seed = seed ?? 0
        let summary = top["description"].flatMap { string($0) }
        let defaults = top["defaults"].flatMap { serverSettings($0, in: "defaults", allowed: TopologyKeys.serverSettings) }
        let servers = readServers(require(top, "servers"), defaults: defaults ?? ServerSettings())
        let externals = readExternalDomains(top["external"])
        let dns = readDNS(top["dns"])
        let links = readLinks(top["links"])
        let clients = readClients(top["clients"])
        let scenario = readScenario(top["scenario"])
        guard issues.isEmpty, let name, let seed else { return nil }
        return Topology(
            name: name, seed: seed, summary: summary, servers: servers, externalDomains: externals, dns: dns,
            links: links, clients: clients, scenario: scenario, sourceText: text, sourceFile: file
        )
    }

    /// Issues sorted by position (file order), each reported once.
    var sortedIssues: [TopologyIssue] {
        var seen = Set<String>()
        let unique = issues.filter { seen.insert("\($0.location) \($0.message)").inserted }
        return unique.enumerated().sorted {
            ($0.element.location.line, $0.element.location.column, $0.offset)
                < ($1.element.location.line, $1.element.location.column, $1.offset)
        }.map(\.element)
    }
}
