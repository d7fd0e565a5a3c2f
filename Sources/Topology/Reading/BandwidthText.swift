/// Bandwidths as topology files write them, read as bytes per second:
/// a plain integer (bytes/s), bits per second with `bit`, `kbit`, `Mbit`,
/// `Gbit` (decimal prefixes, divided by 8), or bytes per second with
/// `B/s`, `KB/s`, `MB/s`, `GB/s` (decimal) or `KiB/s`, `MiB/s`, `GiB/s`
/// (binary). The number may have a fraction (`1.5Mbit`); a space before
/// the unit is allowed.
public enum BandwidthText {
    static let examples = "1Mbit, 512kbit, 64KiB/s, 100000"

    /// Unit → bytes per second per unit, as a fraction (numerator, denominator).
    private static let units: [String: (numerator: Int, denominator: Int)] = [
        "bit": (1, 8), "kbit": (1_000, 8), "Kbit": (1_000, 8), "Mbit": (1_000_000, 8), "Gbit": (1_000_000_000, 8),
        "B/s": (1, 1), "KB/s": (1_000, 1), "kB/s": (1_000, 1), "MB/s": (1_000_000, 1), "GB/s": (1_000_000_000, 1),
        "KiB/s": (1_024, 1), "MiB/s": (1_048_576, 1), "GiB/s": (1_073_741_824, 1),
    ]

    /// Bytes per second (fractions of a byte dropped), or nil when malformed or too large.
    public static func parse(_ text: String) -> Int? {
        let number = text.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
        let unitName = text.dropFirst(number.count).drop { $0 == " " }
        guard let unit = units[String(unitName)] else { return nil }
        let pieces = number.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(pieces.count), !pieces[0].isEmpty, pieces.count == 1 || !pieces[1].isEmpty else { return nil }
        let fractionDigits = pieces.count == 2 ? pieces[1].prefix(6) : ""
        guard let scaled = Int(pieces[0] + fractionDigits) else { return nil }
        var denominator = unit.denominator
        for _ in fractionDigits { denominator *= 10 }
        let (product, overflow) = scaled.multipliedReportingOverflow(by: unit.numerator)
        return overflow ? nil : product / denominator
    }
}
