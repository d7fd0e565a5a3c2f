import XMPPCore

/// A server's SASL configuration: which mechanisms it enables, in order of
/// preference, which of them to offer on a given stream, and creating the
/// mechanism the initiating entity selects.
public struct SASLServerMechanisms: Sendable {
    /// Creates a mechanism for one exchange; `nil` refuses the mechanism.
    public typealias Factory = @Sendable (SASLServerContext, inout SeededGenerator) -> (any SASLServerMechanism)?

    /// The mechanisms built in: the SCRAM family, PLAIN, ANONYMOUS and
    /// EXTERNAL.
    public static let builtIn: [String] = SCRAMHash.allCases.map(\.mechanismName) + ["PLAIN", "ANONYMOUS", "EXTERNAL"]

    /// The enabled mechanisms that exist (built in or additional), in the
    /// order given.
    public let enabled: [String]
    private let additional: [String: Factory]

    /// `enabled` lists mechanism names in order of preference, e.g.
    /// `["SCRAM-SHA-256", "SCRAM-SHA-1", "PLAIN", "ANONYMOUS", "EXTERNAL"]`;
    /// names that are neither built in nor in `additional` are ignored, as
    /// are repetitions. `additional` supplies further mechanisms (GSSAPI
    /// over a library, test doubles) by name; it may also replace a
    /// built-in one.
    public init(enabled: [String], additional: [String: Factory] = [:]) {
        var seen = Set<String>()
        self.enabled = enabled.filter { name in
            (Self.builtIn.contains(name) || additional[name] != nil) && seen.insert(name).inserted
        }
        self.additional = additional
    }

    /// The mechanisms to offer on a stream (RFC 6120 §6.4.1), in order of
    /// preference: PLAIN only once the stream is encrypted, EXTERNAL only
    /// when the peer presented a certificate with identities.
    public func offered(in context: SASLServerContext) -> [String] {
        enabled.filter { name in
            guard additional[name] == nil else { return true }
            switch name {
            case "PLAIN": return context.isEncrypted
            case "EXTERNAL": return !context.peerCertificateIdentities.isEmpty
            default: return true
            }
        }
    }

    /// A fresh mechanism for the selected `name`, drawing what it needs from
    /// `random`; `nil` if `name` is unknown or not enabled, which the caller
    /// answers with `invalid-mechanism` (§6.4.5). A mechanism enabled but not
    /// offered on this stream is still created, so that it can refuse with
    /// its own condition (PLAIN without TLS: `encryption-required`).
    public func make(
        _ name: String, context: SASLServerContext, random: inout SeededGenerator
    ) -> (any SASLServerMechanism)? {
        guard enabled.contains(name) else { return nil }
        if let factory = additional[name] { return factory(context, &random) }
        if let hash = SCRAMHash(mechanismName: name) {
            return SASLScramServer(hash: hash, context: context, random: &random)
        }
        switch name {
        case "PLAIN": return SASLPlainServer(context: context)
        case "ANONYMOUS": return SASLAnonymousServer(random: &random)
        case "EXTERNAL": return SASLExternalServer(context: context)
        default: return nil
        }
    }
}
