import Yams

extension TopologyReader {
    /// `links:` — at most one per pair of known domains; registers each pair.
    mutating func readLinks(_ node: Node?) -> [LinkSpec] {
        guard let node, let entries = list(node, of: "links") else { return [] }
        var links: [LinkSpec] = []
        for entry in entries {
            guard let fields = fields(entry, in: "link", allowed: TopologyKeys.link, nullIsEmpty: false) else { continue }
            let pair = require(fields, "between").flatMap { domainPair($0, role: "link") }
            let latency = fields["latency"].map { duration($0) } ?? .zero
            let jitter = fields["jitter"].map { duration($0) } ?? .zero
            let rate = fields["bandwidth"].map { bandwidth($0) }
            let state = fields["state"].map { choice($0, LinkState.self, name: "link state") } ?? .up
            guard let pair else { continue }
            if let first = linkPairs[pair] {
                duplicate("link \(pair)", first: first, at: fields["between"]!)
                continue
            }
            linkPairs[pair] = fields.location
            guard let latency, let jitter, let state, rate != .some(nil) else { continue }
            let conditions = LinkConditionsSpec(latency: latency, jitter: jitter, bandwidth: rate ?? nil)
            links.append(LinkSpec(pair: pair, conditions: conditions, initialState: state, location: fields.location))
        }
        return links
    }
}
