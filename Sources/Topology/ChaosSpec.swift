import XMPPCore

/// A `chaos:` step: faults at random times between the step's `at` and
/// `until`, drawn from the topology's seed, so a file always expands to the
/// same timeline. The loader replaces the step with the ordinary steps it
/// expands to (``steps(seed:location:)``): `drop_connection`, `cut_link`
/// then `heal_link`, `crash` then `restart`.
///
/// Each kind of fault has its window split into as many equal slots as
/// faults of that kind, and each fault starts (and, for cuts and crashes,
/// ends) inside its own slot: faults of one kind never overlap, and every
/// fault is over by `until`.
public struct ChaosSpec: Sendable, Equatable {
    /// The step's `at`.
    public var start: Duration
    public var until: Duration
    /// `drop_connection` of a client drawn from `clients`, this many times.
    public var connectionResets: Int
    public var clients: [String]
    /// `cut_link` of a link drawn from `links`, healed after `linkDown`.
    public var linkCuts: Int
    public var links: [DomainPairSpec]
    /// Cut `i` takes mode `cutModes[i % cutModes.count]`.
    public var cutModes: [LinkCutMode]
    public var linkDown: DurationRange
    /// `crash` of a server drawn from `servers`, restarted after `serverDown`.
    public var serverCrashes: Int
    public var servers: [String]
    public var serverDown: DurationRange

    public init(
        start: Duration, until: Duration,
        connectionResets: Int = 0, clients: [String] = [],
        linkCuts: Int = 0, links: [DomainPairSpec] = [], cutModes: [LinkCutMode] = [.blackhole],
        linkDown: DurationRange = Self.defaultLinkDown,
        serverCrashes: Int = 0, servers: [String] = [],
        serverDown: DurationRange = Self.defaultServerDown
    ) {
        self.start = start
        self.until = until
        self.connectionResets = connectionResets
        self.clients = clients
        self.linkCuts = linkCuts
        self.links = links
        self.cutModes = cutModes
        self.linkDown = linkDown
        self.serverCrashes = serverCrashes
        self.servers = servers
        self.serverDown = serverDown
    }

    /// How long a cut lasts unless `link_down` says: 500ms to 2s.
    public static let defaultLinkDown = DurationRange(.milliseconds(500), .seconds(2))
    /// How long a crashed server stays down unless `server_down` says: 1s to 3s.
    public static let defaultServerDown = DurationRange(.seconds(1), .seconds(3))

    /// Why the faults cannot fit in the window, or nil when they do: a cut
    /// or crash must fit in its slot at its shortest.
    public var fitProblem: String? {
        let window = until - start
        let kinds = [(linkCuts, linkDown, "link cut", "link cuts"), (serverCrashes, serverDown, "server crash", "server crashes")]
        for (count, down, one, many) in kinds where count > 0 {
            let slot = Duration.milliseconds(Self.milliseconds(window) / Int64(count))
            if down.min > slot {
                return "\(count) \(count == 1 ? one : many) of at least \(DurationText.format(down.min)) do not fit between "
                    + "\(DurationText.format(start)) and \(DurationText.format(until)) (\(DurationText.format(slot)) each)"
            }
        }
        return nil
    }

    /// The steps this chaos stands for, sorted by time; `seed` decides every
    /// draw (the loader mixes the topology's seed with the chaos step's
    /// ordinal). Times are whole milliseconds.
    public func steps(seed: UInt64, location: SourceLocation) -> [ScenarioStep] {
        var random = SeededGenerator(seed: seed)
        // One generator per kind, so more resets do not move the cuts.
        var resetDraws = random.split()
        var cutDraws = random.split()
        var crashDraws = random.split()
        let from = Self.milliseconds(start)
        let window = Self.milliseconds(until) - from
        var steps: [ScenarioStep] = []
        func add(_ at: Int64, _ action: StepAction) {
            steps.append(ScenarioStep(at: .milliseconds(at), action: action, location: location))
        }
        if connectionResets > 0, !clients.isEmpty {
            let slot = window / Int64(connectionResets)
            for index in 0..<Int64(connectionResets) {
                let at = from + index * slot + Self.draw(0, slot - 1, &resetDraws)
                add(at, .dropConnection(client: clients[Self.pick(clients.count, &resetDraws)]))
            }
        }
        if linkCuts > 0, !links.isEmpty, !cutModes.isEmpty {
            for (index, down, at) in Self.outages(linkCuts, from: from, window: window, down: linkDown, &cutDraws) {
                let pair = links[Self.pick(links.count, &cutDraws)]
                add(at, .cutLink(pair, mode: cutModes[index % cutModes.count]))
                add(at + down, .healLink(pair))
            }
        }
        if serverCrashes > 0, !servers.isEmpty {
            for (_, down, at) in Self.outages(serverCrashes, from: from, window: window, down: serverDown, &crashDraws) {
                let domain = servers[Self.pick(servers.count, &crashDraws)]
                add(at, .crashServer(domain: domain))
                add(at + down, .restartServer(domain: domain))
            }
        }
        return steps.enumerated().sorted { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }.map(\.element)
    }

    /// `count` outages, one per slot: (index, length, start), each inside its slot.
    private static func outages(
        _ count: Int, from: Int64, window: Int64, down: DurationRange, _ random: inout SeededGenerator
    ) -> [(Int, Int64, Int64)] {
        let slot = window / Int64(count)
        return (0..<count).map { index in
            let longest = min(milliseconds(down.max), slot)
            let length = draw(min(milliseconds(down.min), longest), longest, &random)
            let at = from + Int64(index) * slot + draw(0, slot - length, &random)
            return (index, length, at)
        }
    }

    /// A whole number in `low...high` (`low` when the range is empty).
    private static func draw(_ low: Int64, _ high: Int64, _ random: inout SeededGenerator) -> Int64 {
        guard high > low else { return low }
        return low + Int64(random.next() % UInt64(high - low + 1))
    }

    private static func pick(_ count: Int, _ random: inout SeededGenerator) -> Int {
        Int(random.next() % UInt64(count))
    }

    private static func milliseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}

/// A length drawn between `min` and `max` (equal for a fixed length).
public struct DurationRange: Sendable, Equatable {
    public var min: Duration
    public var max: Duration

    public init(_ min: Duration, _ max: Duration) {
        self.min = min
        self.max = max
    }
}
