/// A domain name as the lab's DNS compares it: ASCII case folded to lower
/// case (RFC 4343) and the trailing dot of an absolute name dropped, so
/// `Example.NET.` and `example.net` are the same owner name. The root is the
/// empty name (written ".").
public struct DNSName: Hashable, Sendable, CustomStringConvertible {
    /// The normalized name: lower case, no trailing dot.
    public let normalized: String

    public init(_ name: String) {
        var text = Substring(name)
        if text.hasSuffix(".") { text = text.dropLast() }
        normalized = String(text).lowercased()
    }

    /// The root domain (".").
    public static let root = DNSName(".")

    public var isRoot: Bool { normalized.isEmpty }

    /// Whether `self` is `ancestor` or lies below it (`_tcp.example.net` is
    /// below `example.net`).
    public func isSubdomain(of ancestor: DNSName) -> Bool {
        if ancestor.isRoot || self == ancestor { return true }
        return normalized.hasSuffix("." + ancestor.normalized)
    }

    /// `self` with `label` prepended (`example.net` -> `_tcp.example.net`).
    public func prepending(_ label: String) -> DNSName {
        DNSName(isRoot ? label : label + "." + normalized)
    }

    public var description: String { isRoot ? "." : normalized }
}
