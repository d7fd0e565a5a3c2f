/// Durations as topology files write them: a number and a unit (`ms`, `s`,
/// `m`, `h`), several such parts in falling order allowed (`1m30s`).
/// Fractions are fine (`1.5s`); a bare number is not a duration.
public enum DurationText {
    static let examples = "250ms, 2s, 1.5s, 1m"

    /// Nanoseconds per unit, longest first (the order parts must follow).
    private static let units: [(name: String, nanoseconds: Int64)] = [
        ("h", 3_600_000_000_000), ("m", 60_000_000_000), ("s", 1_000_000_000), ("ms", 1_000_000),
    ]

    public static func parse(_ text: String) -> Duration? {
        var rest = Substring(text)
        var total: Int64 = 0
        var lastUnit = -1
        guard !rest.isEmpty else { return nil }
        while !rest.isEmpty {
            let number = rest.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
            rest = rest.dropFirst(number.count)
            let unitName = rest.prefix { $0.isASCII && $0.isLetter }
            rest = rest.dropFirst(unitName.count)
            guard let unit = units.firstIndex(where: { $0.name == unitName }), unit > lastUnit,
                  let part = nanoseconds(number, per: units[unit].nanoseconds)
            else { return nil }
            let (sum, overflow) = total.addingReportingOverflow(part)
            guard !overflow else { return nil }
            total = sum
            lastUnit = unit
        }
        return .nanoseconds(total)
    }

    /// `number` (digits, optionally `.` and more digits) times `unit`,
    /// fractions of a nanosecond dropped; nil when malformed or too large.
    private static func nanoseconds(_ number: Substring, per unit: Int64) -> Int64? {
        let pieces = number.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(pieces.count), !pieces[0].isEmpty, pieces.allSatisfy({ $0.allSatisfy(\.isNumber) }),
              pieces.count == 1 || !pieces[1].isEmpty,
              let whole = Int64(pieces[0])
        else { return nil }
        let (wholePart, overflow) = whole.multipliedReportingOverflow(by: unit)
        guard !overflow else { return nil }
        guard pieces.count == 2 else { return wholePart }
        var fraction: Int64 = 0
        var scale = unit
        for digit in pieces[1].prefix(18) {
            scale /= 10
            fraction += Int64(digit.wholeNumberValue!) * scale
        }
        let (sum, sumOverflow) = wholePart.addingReportingOverflow(fraction)
        return sumOverflow ? nil : sum
    }

    /// The shortest way to write `duration` in this syntax, for messages.
    public static func format(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        let nanoseconds = seconds * 1_000_000_000 + attoseconds / 1_000_000_000
        if nanoseconds % 1_000_000_000 == 0 { return "\(nanoseconds / 1_000_000_000)s" }
        if nanoseconds % 1_000_000 == 0 { return "\(nanoseconds / 1_000_000)ms" }
        return "\(Double(nanoseconds) / 1e9)s"
    }
}
