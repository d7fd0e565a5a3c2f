import Yams

// Readers for single values. Each returns nil after reporting why the node
// does not hold the value asked for.
extension TopologyReader {
    /// The value of a key that must be present (its absence reported at the mapping).
    mutating func require(_ fields: Fields, _ key: String) -> Node? {
        if let node = fields[key] { return node }
        error("missing required key '\(key)' in \(fields.context)", at: fields.location)
        return nil
    }

    /// Any scalar but null, as written (`password: 1234` is the string "1234").
    mutating func string(_ node: Node) -> String? {
        guard visit(node) else { return nil }
        guard case let .scalar(scalar) = node, !isNull(node) else {
            error("expected a string, got \(describe(node))", at: node)
            return nil
        }
        return scalar.string
    }

    mutating func bool(_ node: Node) -> Bool? {
        guard visit(node) else { return nil }
        guard node.tag.rawValue == Tag.Name.bool.rawValue, let value = node.bool else {
            error("expected true or false, got \(describe(node))", at: node)
            return nil
        }
        return value
    }

    /// An integer in `range`; `name` says what it is in the out-of-range message.
    mutating func integer(_ node: Node, name: String, in range: ClosedRange<Int>) -> Int? {
        guard visit(node) else { return nil }
        guard node.tag.rawValue == Tag.Name.int.rawValue, let value = node.int else {
            error("expected an integer for \(name), got \(describe(node))", at: node)
            return nil
        }
        guard range.contains(value) else {
            let bounds = range.upperBound == Int.max
                ? "at least \(range.lowerBound)"
                : "between \(range.lowerBound) and \(range.upperBound)"
            error("\(name) must be \(bounds), got \(value)", at: node)
            return nil
        }
        return value
    }

    mutating func unsignedInteger(_ node: Node, name: String) -> UInt64? {
        guard visit(node) else { return nil }
        guard node.tag.rawValue == Tag.Name.int.rawValue, let scalar = node.scalar else {
            error("expected an unsigned integer for \(name), got \(describe(node))", at: node)
            return nil
        }
        if let value = node.int {
            guard value >= 0 else {
                error("\(name) must not be negative, got \(value)", at: node)
                return nil
            }
            return UInt64(value)
        }
        let digits = scalar.string.filter { $0 != "_" }
        guard let value = UInt64(digits.hasPrefix("+") ? String(digits.dropFirst()) : digits) else {
            error("\(name) must fit in 64 bits unsigned, got \(scalar.string)", at: node)
            return nil
        }
        return value
    }

    /// A duration such as `250ms`, `2s`, `1.5s`, `1m` or `1m30s` (see ``DurationText``).
    mutating func duration(_ node: Node) -> Duration? {
        guard visit(node) else { return nil }
        guard case let .scalar(scalar) = node, !isNull(node) else {
            error("expected a duration such as 2s, got \(describe(node))", at: node)
            return nil
        }
        guard let value = DurationText.parse(scalar.string) else {
            error("bad duration '\(scalar.string)' (expected e.g. \(DurationText.examples))", at: node)
            return nil
        }
        return value
    }

    /// Bytes per second (see ``BandwidthText``); at least 1.
    mutating func bandwidth(_ node: Node) -> Int? {
        guard visit(node) else { return nil }
        guard case let .scalar(scalar) = node, !isNull(node) else {
            error("expected a bandwidth such as 1Mbit, got \(describe(node))", at: node)
            return nil
        }
        let parsed = node.tag.rawValue == Tag.Name.int.rawValue ? node.int : BandwidthText.parse(scalar.string)
        guard let value = parsed else {
            error("bad bandwidth '\(scalar.string)' (expected e.g. \(BandwidthText.examples))", at: node)
            return nil
        }
        guard value >= 1 else {
            error("bandwidth must be at least 1 byte/s, got '\(scalar.string)'", at: node)
            return nil
        }
        return value
    }

    /// One of the raw values of `E`; `name` says what it is ("TLS mode").
    mutating func choice<E: RawRepresentable & CaseIterable>(_ node: Node, _ type: E.Type, name: String) -> E? where E.RawValue == String {
        guard let text = string(node) else { return nil }
        guard let value = E(rawValue: text) else {
            error("unknown \(name) '\(text)' (expected one of: \(Self.list(E.allCases.map(\.rawValue))))", at: node)
            return nil
        }
        return value
    }

    /// The elements of a list (null reads as an empty list); `what` names
    /// the elements in the message when `node` is not a list.
    mutating func list(_ node: Node, of what: String) -> [Node]? {
        guard visit(node) else { return nil }
        if isNull(node) { return [] }
        guard case let .sequence(sequence) = node else {
            error("expected a list of \(what), got \(describe(node))", at: node)
            return nil
        }
        // Charged up front: one list may be named by many aliases.
        guard visit(node, count: sequence.count) else { return nil }
        return Array(sequence)
    }

    /// A list of strings; elements that are not strings are reported and left out.
    mutating func strings(_ node: Node, of what: String) -> [String]? {
        guard let elements = list(node, of: what) else { return nil }
        return elements.compactMap { string($0) }
    }
}
