import Yams

extension TopologyReader {
    /// `chaos:` — read, checked, and expanded into ordinary steps drawn
    /// from the topology's seed (see ``ChaosSpec``).
    mutating func chaos(_ node: Node, at: Duration, step: SourceLocation) -> [ScenarioStep] {
        guard let fields = fields(node, in: "chaos", allowed: TopologyKeys.chaos, nullIsEmpty: false) else { return [] }
        let ordinal = chaosSteps
        chaosSteps += 1
        let until = require(fields, "until").flatMap { scenarioTime($0, of: "chaos until") }
        let bound = 0...TopologyLimits.maximumChaosFaults
        let resets = fields["connection_resets"].map { integer($0, name: "connection_resets", in: bound) } ?? 0
        let cuts = fields["link_cuts"].map { integer($0, name: "link_cuts", in: bound) } ?? 0
        let crashes = fields["server_crashes"].map { integer($0, name: "server_crashes", in: bound) } ?? 0
        let clients = fields["clients"].map { clientSelector($0, role: "chaos") } ?? ["*"]
        let links = fields["links"].map { chaosLinks($0) } ?? linkPairs.keys.sorted { ($0.first, $0.second) < ($1.first, $1.second) }
        let modes = fields["cut_modes"].map { cutModes($0) } ?? [.blackhole]
        let linkDown = fields["link_down"].map { durationRange($0, name: "link_down") } ?? ChaosSpec.defaultLinkDown
        let servers = fields["servers"].map { chaosServers($0) } ?? labDomains.keys.sorted()
        let serverDown = fields["server_down"].map { durationRange($0, name: "server_down") } ?? ChaosSpec.defaultServerDown
        guard let until, let resets, let cuts, let crashes, let clients, let links, let modes, let linkDown, let servers,
              let serverDown
        else { return [] }
        if resets == 0, cuts == 0, crashes == 0 {
            error("chaos needs at least one of connection_resets, link_cuts, server_crashes", at: fields.location)
            return []
        }
        guard until > at else {
            error("chaos until \(DurationText.format(until)) is not after the step's at \(DurationText.format(at))", at: fields["until"]!)
            return []
        }
        if cuts > 0, links.isEmpty {
            error("chaos has link_cuts but no link to cut (the topology has no links)", at: fields["link_cuts"]!)
            return []
        }
        let spec = ChaosSpec(
            start: at, until: until,
            connectionResets: resets, clients: clients == ["*"] ? clientOrder : clients,
            linkCuts: cuts, links: links, cutModes: modes, linkDown: linkDown,
            serverCrashes: crashes, servers: servers, serverDown: serverDown
        )
        if resets > 0, spec.clients.isEmpty {
            error("chaos has connection_resets but the topology has no clients", at: fields["connection_resets"]!)
            return []
        }
        if let problem = spec.fitProblem {
            error("chaos: \(problem)", at: fields.location)
            return []
        }
        return spec.steps(seed: (seed ^ 0xC4A0_5C4A_05C4_A05C) &+ UInt64(ordinal), location: step)
    }

    /// `links:` of a chaos step: pairs of declared links.
    private mutating func chaosLinks(_ node: Node) -> [DomainPairSpec]? {
        guard let elements = list(node, of: "links (pairs of domains)") else { return nil }
        let pairs = elements.map { existingLink($0, role: "chaos") }
        return pairs.contains(nil) ? nil : pairs.compactMap { $0 }
    }

    /// `servers:` of a chaos step: lab servers.
    private mutating func chaosServers(_ node: Node) -> [String]? {
        guard let elements = list(node, of: "lab server domains") else { return nil }
        let domains = elements.map { labServer($0, role: "chaos") }
        return domains.contains(nil) ? nil : domains.compactMap { $0 }
    }

    /// `cut_modes:` — a non-empty list of cut modes (repeats weigh a mode more).
    private mutating func cutModes(_ node: Node) -> [LinkCutMode]? {
        guard let elements = list(node, of: "cut modes") else { return nil }
        guard !elements.isEmpty else {
            error("cut_modes needs at least one mode (expected some of: \(Self.list(LinkCutMode.allCases.map(\.rawValue))))", at: node)
            return nil
        }
        let modes = elements.map { choice($0, LinkCutMode.self, name: "cut mode") }
        return modes.contains(nil) ? nil : modes.compactMap { $0 }
    }

    /// A length: one duration, or `[shortest, longest]` to draw between.
    private mutating func durationRange(_ node: Node, name: String) -> DurationRange? {
        guard case .sequence = node else {
            return positiveDuration(node, name: name).map { DurationRange($0, $0) }
        }
        guard let elements = list(node, of: "two durations") else { return nil }
        guard elements.count == 2 else {
            error("expected a duration or a list of two durations [shortest, longest] for \(name), got \(elements.count)", at: node)
            return nil
        }
        let low = positiveDuration(elements[0], name: name)
        let high = positiveDuration(elements[1], name: name)
        guard let low, let high else { return nil }
        guard low <= high else {
            error("\(name): the shortest (\(DurationText.format(low))) is longer than the longest (\(DurationText.format(high)))", at: node)
            return nil
        }
        return DurationRange(low, high)
    }
}
