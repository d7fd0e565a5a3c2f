import XMPPCore

/// Who a successful SASL exchange authenticated (RFC 4422 §2).
///
/// `authcid` is the authentication identity at the server's domain: the
/// (SASLprep-prepared) username for PLAIN and SCRAM, the random local part
/// handed out by ANONYMOUS, the local part of the certificate's JID for
/// EXTERNAL on a client stream, and the peer's domain for EXTERNAL on a
/// server-to-server stream. `authzid` is the authorization identity the
/// initiating entity asked for and was granted, as a normalised JID string,
/// or `nil` when it asked for none (it then acts as itself, RFC 6120 §6.3.8).
public struct SASLIdentity: Sendable, Hashable {
    public var authcid: String
    public var authzid: String?

    public init(authcid: String, authzid: String? = nil) {
        self.authcid = authcid
        self.authzid = authzid
    }
}
