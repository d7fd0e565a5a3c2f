/// Why a `VirtualServer` call was refused.
public enum VirtualServerError: Error, Hashable, Sendable, CustomStringConvertible {
    /// `startFederation` on a server created without a DNS to federate through.
    case federationNotConfigured(domain: String)
    /// A hosted domain that is not a domain JID in its prepared form.
    case invalidDomain(String)
    /// An account for a domain the server does not host.
    case domainNotHosted(String)

    public var description: String {
        switch self {
        case .federationNotConfigured(let domain):
            "\(domain) has no DNS to federate through: create the VirtualServer with dns:"
        case .invalidDomain(let domain):
            "'\(domain)' is not a domain this server can host (give it as a prepared domain JID)"
        case .domainNotHosted(let domain):
            "\(domain) is not hosted by this server"
        }
    }
}
