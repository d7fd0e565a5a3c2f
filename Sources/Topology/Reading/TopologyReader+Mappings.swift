import Yams

extension TopologyReader {
    /// One key/value pair of a mapping, the key as written (placeholders of
    /// renamed duplicates mapped back).
    struct MappingEntry {
        var key: String
        var keyNode: Node
        var value: Node
        /// Brought in by a merge key: yields silently to an explicit key.
        var merged = false
    }

    /// The pairs of a mapping node whose keys are all strings, with merge
    /// keys (`<<: *anchor`) expanded: merged entries come after the
    /// mapping's own and never replace them. nil (reported) when `node` is
    /// not a mapping.
    mutating func mappingEntries(_ node: Node, in context: String) -> [MappingEntry]? {
        var merged = Set<SourceLocation>()
        return mappingEntries(node, in: context, merged: &merged)
    }

    /// `merged` holds the mappings already merged in (by position): merging
    /// one again adds nothing, since earlier entries win, and skipping it
    /// keeps chains of aliased merges linear instead of exponential.
    private mutating func mappingEntries(_ node: Node, in context: String, merged: inout Set<SourceLocation>) -> [MappingEntry]? {
        guard visit(node) else { return nil }
        guard case let .mapping(mapping) = node else {
            error("expected a mapping for \(context), got \(describe(node))", at: node)
            return nil
        }
        var own: [MappingEntry] = []
        var mergeValues: [Node] = []
        for (keyNode, value) in mapping {
            guard visit(keyNode) else { return nil }
            guard case let .scalar(scalar) = keyNode, !isNull(keyNode) else {
                error("expected a string key in \(context), got \(describe(keyNode))", at: keyNode)
                continue
            }
            if keyNode.tag.rawValue == Tag.Name.merge.rawValue {
                mergeValues.append(value)
                continue
            }
            own.append(MappingEntry(key: renamedKeys[scalar.string] ?? scalar.string, keyNode: keyNode, value: value))
        }
        for value in mergeValues {
            let sources: [Node] = if case let .sequence(sequence) = value { Array(sequence) } else { [value] }
            for source in sources {
                guard case .mapping = source else {
                    error("a merge key (<<) takes a mapping or a list of mappings, got \(describe(source))", at: source)
                    continue
                }
                guard merged.insert(location(of: source)).inserted else { continue }
                let entries = mappingEntries(source, in: context, merged: &merged) ?? []
                own += entries.map { entry in
                    var entry = entry
                    entry.merged = true
                    return entry
                }
            }
        }
        return own
    }

    /// The entries of a mapping, each key checked against `allowed`:
    /// unknown keys and repeated keys are reported (naming the allowed
    /// keys, and the line of the first occurrence). A null value reads as
    /// an empty mapping when `nullIsEmpty`.
    mutating func fields(_ node: Node, in context: String, allowed: [String], nullIsEmpty: Bool = true) -> Fields? {
        if nullIsEmpty, isNull(node) { return Fields(context: context, location: location(of: node)) }
        guard let entries = mappingEntries(node, in: context) else { return nil }
        var fields = Fields(context: context, location: location(of: node))
        for entry in entries {
            let keyLocation = location(of: entry.keyNode)
            guard allowed.contains(entry.key) else {
                error("unknown key '\(entry.key)' in \(context) (expected one of: \(Self.list(allowed)))", at: keyLocation)
                continue
            }
            if let first = fields.add(entry.key, Fields.Entry(keyLocation: keyLocation, value: entry.value)), !entry.merged {
                duplicate("key '\(entry.key)'", first: first.keyLocation, at: keyLocation)
            }
        }
        return fields
    }
}
