/// The RDATA of one SRV resource record (RFC 2782): where a service for a
/// domain is offered.
public struct SRVRecord: Hashable, Sendable, CustomStringConvertible {
    /// Lower values are tried first; a client MUST try lower priorities
    /// before higher ones.
    public var priority: UInt16
    /// Relative share among records of the same priority; 0 means "very small
    /// chance of being selected" when records with larger weights exist.
    public var weight: UInt16
    /// The TCP port of the service on `target`.
    public var port: Int
    /// The host offering the service; "." alone means the service is
    /// decidedly not available at this domain.
    public var target: String

    public init(priority: UInt16, weight: UInt16, port: Int, target: String) {
        self.priority = priority
        self.weight = weight
        self.port = port
        self.target = target
    }

    /// Whether the target is the root domain ".".
    public var targetIsRoot: Bool { DNSName(target).isRoot }

    /// A record whose target is ".", which (alone in an answer) says the
    /// service is not offered.
    public static let serviceNotOffered = SRVRecord(priority: 0, weight: 0, port: 0, target: ".")

    /// Presentation format: `priority weight port target`.
    public var description: String { "\(priority) \(weight) \(port) \(target)" }
}
