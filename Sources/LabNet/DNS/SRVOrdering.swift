/// The order in which a client tries the targets of an SRV answer
/// (RFC 2782, "Usage rules" and the description of Weight).
public enum SRVOrdering {
    /// Orders `records`: lowest priority first; within a priority, repeated
    /// weighted random selection.
    ///
    /// Within one priority the unordered records are arranged with the
    /// weight-0 records first (otherwise in the order given), each with the
    /// running sum of the weights. A number is drawn uniformly between 0 and
    /// the sum, inclusive, and the first record whose running sum is at least
    /// that number is the next target; it is removed and the selection
    /// repeats. Draw 0 is what gives weight-0 records their "very small
    /// chance" (the first of them takes it); when the remaining records all
    /// have positive weights, the draw is taken from 1...sum instead, so each
    /// record's chance is exactly its weight over the sum (a 3:1 split is
    /// 75/25, not the 80/20 a draw of 0 would skew it to). When all remaining
    /// weights are 0, the arrangement order is kept. A lone remaining record
    /// takes no draw.
    public static func order<Generator: RandomNumberGenerator>(
        _ records: [SRVRecord], using generator: inout Generator
    ) -> [SRVRecord] {
        var ordered: [SRVRecord] = []
        ordered.reserveCapacity(records.count)
        for priority in Set(records.map(\.priority)).sorted() {
            let level = records.filter { $0.priority == priority }
            var unordered = level.filter { $0.weight == 0 } + level.filter { $0.weight > 0 }
            while !unordered.isEmpty {
                ordered.append(unordered.remove(at: selectIndex(in: unordered, using: &generator)))
            }
        }
        return ordered
    }

    /// The index of the next target among `unordered` (arranged with weight-0
    /// records first).
    static func selectIndex<Generator: RandomNumberGenerator>(
        in unordered: [SRVRecord], using generator: inout Generator
    ) -> Int {
        guard unordered.count > 1 else { return 0 }
        let sum = unordered.reduce(UInt64(0)) { $0 + UInt64($1.weight) }
        guard sum > 0 else { return 0 }
        let lowest: UInt64 = unordered.contains { $0.weight == 0 } ? 0 : 1
        let draw = UInt64.random(in: lowest...sum, using: &generator)
        var runningSum: UInt64 = 0
        for (index, record) in unordered.enumerated() {
            runningSum += UInt64(record.weight)
            if runningSum >= draw { return index }
        }
        return unordered.count - 1  // unreachable: the last running sum is `sum`
    }
}
