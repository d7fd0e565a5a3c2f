/// EXTERNAL (RFC 4422 Appendix A, XEP-0178) on the client: the certificate
/// presented in TLS authenticates; the message is the requested
/// authorization identity, empty (sent as `=`) to let the server derive it.
public struct SASLExternalClient: SASLClientMechanism {
    public var name: String { "EXTERNAL" }
    private let authzid: [UInt8]
    private var sent = false

    /// `authzid`: the JID (c2s) or domain (s2s) to act as, `nil` for none.
    public init(authzid: String? = nil) {
        self.authzid = Array((authzid ?? "").utf8)
    }

    public mutating func initialResponse() -> [UInt8]? {
        sent = true
        return authzid
    }

    public mutating func respond(toChallenge challenge: [UInt8]) throws(SASLClientError) -> [UInt8] {
        guard !sent, challenge.isEmpty else {
            throw SASLClientError(.unexpectedChallenge, "EXTERNAL has no challenges after the authzid")
        }
        sent = true
        return authzid
    }

    public mutating func verifySuccess(additionalData: [UInt8]?) throws(SASLClientError) {
        guard sent else { throw SASLClientError(.unexpectedSuccess, "success before the authzid was sent") }
        guard additionalData?.isEmpty ?? true else {
            throw SASLClientError(.unexpectedAdditionalData, "EXTERNAL defines no additional data")
        }
    }
}
