import Yams

extension TopologyReader {
    /// `scenario:` — duration (default 10s), steps, expectations.
    mutating func readScenario(_ node: Node?) -> Scenario {
        guard let node, let fields = fields(node, in: "scenario", allowed: TopologyKeys.scenario) else { return Scenario() }
        if let duration = fields["duration"].flatMap({ positiveDuration($0, name: "scenario duration") }) {
            scenarioDuration = duration
        }
        let steps = fields["steps"].flatMap { list($0, of: "steps") }.map { $0.flatMap { self.steps($0) } } ?? []
        let expectations = fields["expect"].flatMap { list($0, of: "expectations") }.map { $0.compactMap { expectation($0) } } ?? []
        for reference in messageIDs.dangling {
            error("no send step produces message id '\(reference.id)'", at: reference.location)
        }
        return Scenario(duration: scenarioDuration, steps: steps, expectations: expectations)
    }

    /// A scenario time (`at`, `by`…): a duration no later than the scenario's end.
    mutating func scenarioTime(_ node: Node, of what: String) -> Duration? {
        guard let time = duration(node) else { return nil }
        guard time <= scenarioDuration else {
            error("\(what) at \(DurationText.format(time)) is after the end of the scenario (duration \(DurationText.format(scenarioDuration)))", at: node)
            return nil
        }
        return time
    }

    /// The one key among `choices` a mapping has (a step's action, a wait's
    /// condition, an expectation's kind); none or several are reported.
    mutating func singleKey(_ fields: Fields, among choices: [String], what: String) -> String? {
        let present = fields.keys.filter(choices.contains)
        guard let first = present.first else {
            error("\(fields.context) has no \(what) (expected one of: \(Self.list(choices)))", at: fields.location)
            return nil
        }
        guard present.count == 1 else {
            error("\(fields.context) has more than one \(what): \(Self.list(present)) (expected exactly one)", at: fields.keyLocation(present[1])!)
            return nil
        }
        return first
    }
}
