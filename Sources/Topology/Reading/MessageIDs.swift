/// The message ids `send` steps produce, and the ids waits and
/// expectations name, checked once every step has been read.
struct MessageIDs {
    /// Base id → how many messages carry it and where the send is.
    private(set) var sends: [String: (count: Int, location: SourceLocation)] = [:]
    /// Ids named by waits and expectations, with where they were named.
    private(set) var references: [(id: String, location: SourceLocation)] = []

    /// Registers a send; returns the earlier send with the same id, if any.
    mutating func addSend(id: String, count: Int, at location: SourceLocation) -> SourceLocation? {
        if let first = sends[id] { return first.location }
        sends[id] = (count, location)
        return nil
    }

    mutating func addReference(_ id: String, at location: SourceLocation) {
        references.append((id, location))
    }

    /// Whether some send produces `id`: its own id, or for a counted send
    /// (whose messages are `id-1`…`id-N`) one of those.
    func produces(_ id: String) -> Bool {
        if sends[id] != nil { return true }
        guard let dash = id.lastIndex(of: "-"), let number = Int(id[id.index(after: dash)...]),
              let send = sends[String(id[..<dash])]
        else { return false }
        return send.count > 1 && (1...send.count).contains(number)
    }

    /// References no send produces.
    var dangling: [(id: String, location: SourceLocation)] {
        references.filter { !produces($0.id) }
    }
}
