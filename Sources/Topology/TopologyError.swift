/// Every problem found in a topology file (never empty): the loader checks
/// the whole file and reports all it found, sorted by position.
public struct TopologyError: Error, Sendable, CustomStringConvertible {
    public var issues: [TopologyIssue]

    public init(issues: [TopologyIssue]) {
        self.issues = issues
    }

    /// One issue per line, each `file:line:column: message`.
    public var description: String {
        issues.map(\.description).joined(separator: "\n")
    }
}
