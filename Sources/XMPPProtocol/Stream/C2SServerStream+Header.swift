import XMPPCore

extension C2SServerStream {
    /// The client's stream header arrived (RFC 6120 §4.7): check it, answer
    /// with ours and the features of this stage.
    public mutating func streamOpened(_ header: StreamHeader) -> [C2SServerAction] {
        guard case .awaitingHeader = stage else {
            return close(StreamError(.invalidXML, text: "A second stream header without a restart"))
        }
        if let lang = header.lang, !lang.isEmpty { language = lang }
        streamID = StreamIdentifier.make(using: &random)
        headerSent = false
        if let error = headerError(header) { return close(error) }
        headerSent = true
        stage = account == nil ? .negotiating : .binding
        return [.sendHeader(responseHeader(to: header.from)), .send(StreamFeatures.element(features()))]
    }

    /// The first problem with the client's header, if any.
    private mutating func headerError(_ header: StreamHeader) -> StreamError? {
        guard header.contentNamespace == XMLNamespace.client else {
            return StreamError(.invalidNamespace, text: "The content namespace of a c2s stream is jabber:client")
        }
        guard let version = header.version, let major = Self.majorVersion(version) else {
            return StreamError(.unsupportedVersion, text: "This server speaks XMPP version 1.0 only")
        }
        guard major == 1 else {
            return StreamError(.unsupportedVersion, text: "This server speaks XMPP version 1.0 only")
        }
        guard let to = header.to else {
            return StreamError(.improperAddressing, text: "A 'to' attribute is required on the stream header")
        }
        guard let domain = try? JID(to), domain.isDomain,
              domain.domainpart == configuration.domain || configuration.virtualHosts[domain.domainpart] != nil
        else {
            return StreamError(.hostUnknown, text: "This server does not serve \(to)")
        }
        // After authentication the restarted stream stays with the account's domain.
        if let account, account.domainpart != domain.domainpart {
            return StreamError(.hostUnknown, text: "This stream authenticated \(account) and cannot turn to \(domain)")
        }
        servedDomain = domain.domainpart
        return nil
    }

    /// `major.minor` with non-negative integers (RFC 6120 §4.7.5); the major number.
    static func majorVersion(_ version: String) -> Int? {
        let parts = version.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, let major = Int(parts[0]), let minor = Int(parts[1]), major >= 0, minor >= 0 else {
            return nil
        }
        return major
    }

    /// Our header: from our domain, to the client's JID when it gave a valid one.
    func responseHeader(to clientFrom: String?) -> StreamHeader {
        let to = clientFrom.flatMap { try? JID($0) }?.description
        return StreamHeader(
            to: to,
            from: servedDomain,
            id: streamID,
            version: "1.0",
            lang: language,
            contentNamespace: XMLNamespace.client
        )
    }

    /// The features for the current stage (RFC 6120 §4.3.2): STARTTLS first
    /// when required, then SASL, then binding.
    func features() -> [XMLElement] {
        if account != nil {
            return [StreamFeatures.bind, StreamFeatures.optionalSession] + configuration.postAuthenticationFeatures
        }
        var features: [XMLElement] = []
        if !isEncrypted && configuration.tls != .disabled {
            features.append(StreamFeatures.startTLS(required: configuration.tls == .required))
            if configuration.tls == .required { return features }
        }
        features.append(SASLElement.mechanismsFeature(configuration.sasl.offered(in: saslContext)))
        return features
    }

    var saslContext: SASLServerContext {
        SASLServerContext(
            domain: servedDomain,
            isEncrypted: isEncrypted,
            peerCertificateIdentities: peerCertificateIdentities,
            expectedIdentity: nil,
            credentials: configuration.virtualHosts[servedDomain] ?? configuration.credentials,
            saltSecret: configuration.saslSaltSecret
        )
    }
}
