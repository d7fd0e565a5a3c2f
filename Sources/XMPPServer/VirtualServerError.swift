/// Why a `VirtualServer` call was refused.
public enum VirtualServerError: Error, Hashable, Sendable, CustomStringConvertible {
    /// `startFederation` on a server created without a DNS to federate through.
    case federationNotConfigured(domain: String)

    public var description: String {
        switch self {
        case .federationNotConfigured(let domain):
            "\(domain) has no DNS to federate through: create the VirtualServer with dns:"
        }
    }
}
