import Yams

/// The entries of one YAML mapping after its keys were checked against
/// those allowed where it stands (see ``TopologyReader/fields(_:in:allowed:nullIsEmpty:)``).
struct Fields {
    struct Entry {
        var keyLocation: SourceLocation
        var value: Node
    }

    /// What the mapping is, for messages: "link", "server", "step".
    let context: String
    /// Where the mapping starts.
    let location: SourceLocation
    private(set) var keys: [String] = []
    private var entries: [String: Entry] = [:]

    init(context: String, location: SourceLocation) {
        self.context = context
        self.location = location
    }

    subscript(key: String) -> Node? { entries[key]?.value }

    func keyLocation(_ key: String) -> SourceLocation? { entries[key]?.keyLocation }

    func has(_ key: String) -> Bool { entries[key] != nil }

    /// Adds an entry unless the key is already there; returns the existing one then.
    mutating func add(_ key: String, _ entry: Entry) -> Entry? {
        if let existing = entries[key] { return existing }
        entries[key] = entry
        keys.append(key)
        return nil
    }
}
