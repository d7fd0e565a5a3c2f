/// The most recent queries a resolver answered, oldest first, holding at most
/// `capacity` of them (older ones are dropped).
struct DNSQueryLog: Sendable {
    let capacity: Int
    private var storage: [DNSQueryRecord] = []
    private var start = 0

    init(capacity: Int) {
        precondition(capacity > 0, "a query log holds at least one query")
        self.capacity = capacity
        storage.reserveCapacity(Swift.min(capacity, 1024))
    }

    mutating func append(_ record: DNSQueryRecord) {
        if storage.count < capacity {
            storage.append(record)
        } else {
            storage[start] = record
            start = (start + 1) % capacity
        }
    }

    /// The kept queries, oldest first.
    var records: [DNSQueryRecord] {
        Array(storage[start...] + storage[..<start])
    }

    mutating func removeAll() {
        storage.removeAll(keepingCapacity: true)
        start = 0
    }
}
