import NIOSSL

/// Ready-made NIOSSL configurations. Both require TLS 1.2 or newer and trust
/// only the lab root (never the system store).
extension LabCertificateAuthority {
    /// The configuration of a TLS server presenting `identity`.
    ///
    /// With `requestClientCertificate` the server asks for a client certificate
    /// (advertising the lab root as acceptable CA) but does not require one: a
    /// certificate the client presents must chain to the lab root or the
    /// handshake fails, and a client that presents none is still accepted
    /// (`CertificateVerification.optionalVerification`). That is what SASL
    /// EXTERNAL (XEP-0178) and s2s certificate authentication need. Without it
    /// no client certificate is requested.
    public func serverTLSConfiguration(for identity: LabIdentity, requestClientCertificate: Bool) -> TLSConfiguration {
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: identity.certificateChain.map { .certificate($0) },
            privateKey: .privateKey(identity.privateKey)
        )
        configuration.minimumTLSVersion = .tlsv12
        if requestClientCertificate {
            configuration.certificateVerification = .optionalVerification
            configuration.trustRoots = .certificates(trustRoots)
            configuration.sendCANameList = true
        } else {
            configuration.certificateVerification = .none
        }
        return configuration
    }

    /// The configuration of a TLS client that trusts only the lab root and
    /// verifies fully, hostname included: pass the XMPP domain as
    /// `serverHostname` to `NIOSSLClientHandler`. With `clientIdentity` the
    /// client presents that certificate when the server asks for one.
    public func clientTLSConfiguration(clientIdentity: LabIdentity?) -> TLSConfiguration {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.minimumTLSVersion = .tlsv12
        configuration.certificateVerification = .fullVerification
        configuration.trustRoots = .certificates(trustRoots)
        if let clientIdentity {
            configuration.certificateChain = clientIdentity.certificateChain.map { .certificate($0) }
            configuration.privateKey = .privateKey(clientIdentity.privateKey)
        }
        return configuration
    }
}
