import Yams

extension TopologyReader {
    mutating func error(_ message: String, at location: SourceLocation) {
        issues.append(TopologyIssue(location: location, message: message))
    }

    mutating func error(_ message: String, at node: Node) {
        error(message, at: location(of: node))
    }

    /// "duplicate WHAT (first at line N)" at `location`; the column is
    /// added when both are on one line.
    mutating func duplicate(_ what: String, first: SourceLocation, at location: SourceLocation) {
        let column = first.line == location.line ? ", column \(first.column)" : ""
        error("duplicate \(what) (first at line \(first.line)\(column))", at: location)
    }

    mutating func duplicate(_ what: String, first: SourceLocation, at node: Node) {
        duplicate(what, first: first, at: location(of: node))
    }

    func location(of node: Node) -> SourceLocation {
        guard let mark = node.mark else { return SourceLocation(file: file, line: 1, column: 1) }
        return SourceLocation(file: file, line: mark.line, column: mark.column)
    }

    /// Counts `count` nodes against ``TopologyLimits/maximumNodeVisits``;
    /// false (reported once) when the budget is spent.
    mutating func visit(_ node: Node, count: Int = 1) -> Bool {
        if nodeVisitsLeft >= count {
            nodeVisitsLeft -= count
            return true
        }
        if nodeVisitsLeft >= 0 {
            nodeVisitsLeft = -1
            error("the document is too large once aliases are expanded (more than \(TopologyLimits.maximumNodeVisits) nodes)", at: node)
        }
        return false
    }

    /// What a node is, for "expected …, got …" messages.
    func describe(_ node: Node) -> String {
        switch node {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        case let .scalar(scalar):
            switch node.tag.rawValue {
            case Tag.Name.null.rawValue: return "nothing (null)"
            case Tag.Name.bool.rawValue: return "the boolean \(scalar.string)"
            case Tag.Name.int.rawValue: return "the integer \(scalar.string)"
            case Tag.Name.float.rawValue: return "the number \(scalar.string)"
            default: return "the string '\(scalar.string)'"
            }
        }
    }

    func isNull(_ node: Node) -> Bool {
        node.scalar != nil && node.tag.rawValue == Tag.Name.null.rawValue
    }

    /// "a, b, c" for the "(expected one of: …)" part of messages.
    static func list(_ names: [String]) -> String {
        names.joined(separator: ", ")
    }
}
