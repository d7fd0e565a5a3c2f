/// An unordered pair of domains, written `alpha.test <-> bravo.test` in
/// messages and kept with `first < second`.
public struct DomainPairSpec: Hashable, Sendable, CustomStringConvertible {
    public let first: String
    public let second: String

    public init(_ a: String, _ b: String) {
        if a <= b {
            first = a
            second = b
        } else {
            first = b
            second = a
        }
    }

    public func contains(_ domain: String) -> Bool { first == domain || second == domain }

    public var description: String { "\(first) <-> \(second)" }
}

/// `links:` entry — the simulated path between two domains' servers. All s2s
/// bytes between the pair cross it in both directions.
public struct LinkSpec: Sendable, Equatable {
    public var pair: DomainPairSpec
    public var conditions: LinkConditionsSpec
    public var initialState: LinkState
    public var location: SourceLocation

    public init(pair: DomainPairSpec, conditions: LinkConditionsSpec = LinkConditionsSpec(), initialState: LinkState = .up, location: SourceLocation = .unknown) {
        self.pair = pair
        self.conditions = conditions
        self.initialState = initialState
        self.location = location
    }
}

/// Latency, jitter and bandwidth of a link (each direction alike).
public struct LinkConditionsSpec: Sendable, Equatable {
    /// One-way delay added to every chunk.
    public var latency: Duration
    /// Up to this much extra delay, drawn per chunk from the seed (order is kept).
    public var jitter: Duration
    /// Bytes per second in each direction; nil is unlimited.
    public var bandwidth: Int?

    public init(latency: Duration = .zero, jitter: Duration = .zero, bandwidth: Int? = nil) {
        self.latency = latency
        self.jitter = jitter
        self.bandwidth = bandwidth
    }
}

public enum LinkState: String, Sendable, Equatable, CaseIterable {
    case up
    case down
}

/// How a link goes down.
public enum LinkCutMode: String, Sendable, Equatable, CaseIterable {
    /// Bytes are held and connections stall until the link heals.
    case blackhole
    /// Every connection across the link is torn down (TCP reset); new ones are refused.
    case reset
}
