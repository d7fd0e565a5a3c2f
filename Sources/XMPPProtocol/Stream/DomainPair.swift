/// A sending domain and a receiving domain: the unit s2s authentication
/// authorizes (RFC 6120 §13.7.1.2, XEP-0220 §1.3), several of which one
/// stream may carry (XEP-0220 §2.6). Domains are prepared domainparts.
public struct DomainPair: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var from: String
    public var to: String

    public init(from: String, to: String) {
        self.from = from
        self.to = to
    }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.from, lhs.to) < (rhs.from, rhs.to)
    }

    public var description: String { "\(from) -> \(to)" }
}
