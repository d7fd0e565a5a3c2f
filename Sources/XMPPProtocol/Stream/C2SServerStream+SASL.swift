import XMPPCore

extension C2SServerStream {
    /// `<auth/>` (or a stray SASL element) during negotiation (RFC 6120 §6.4.2).
    mutating func startAuthentication(_ element: XMLElement) -> [C2SServerAction] {
        let request: SASLElement
        do {
            request = try SASLElement(parsing: element)
        } catch {
            return authenticationFailed(error)
        }
        if configuration.tls == .required && !isEncrypted {
            return authenticationFailed(SASLFailure(.encryptionRequired, text: "STARTTLS first"))
        }
        switch request {
        case .auth(let name, let initialResponse):
            guard var mechanism = configuration.sasl.make(name, context: saslContext, random: &random) else {
                return authenticationFailed(SASLFailure(.invalidMechanism, text: "\(name) is not offered"))
            }
            let step = mechanism.start(initialResponse: initialResponse)
            return advance(mechanism, with: step)
        case .abort:
            return authenticationFailed(SASLFailure(.aborted))
        default:
            return authenticationFailed(SASLFailure(.malformedRequest, text: "No SASL exchange is in progress"))
        }
    }

    /// A `<response/>` or `<abort/>` during an exchange (RFC 6120 §6.4.3, §6.4.4).
    mutating func continueAuthentication(_ element: XMLElement, mechanism: any SASLServerMechanism) -> [C2SServerAction] {
        guard element.namespace == XMLNamespace.sasl else {
            return close(StreamError(.notAuthorized, text: "Finish authenticating first"))
        }
        let request: SASLElement
        do {
            request = try SASLElement(parsing: element)
        } catch {
            return authenticationFailed(error)
        }
        switch request {
        case .response(let data):
            var mechanism = mechanism
            let step = mechanism.respond(data)
            return advance(mechanism, with: step)
        case .abort:
            return authenticationFailed(SASLFailure(.aborted))
        default:
            return authenticationFailed(SASLFailure(.malformedRequest, text: "Expected <response/> or <abort/>"))
        }
    }

    private mutating func advance(_ mechanism: any SASLServerMechanism, with step: SASLServerStep) -> [C2SServerAction] {
        switch step {
        case .challenge(let data):
            stage = .authenticating(mechanism)
            return [.send(SASLElement.challenge(data).element)]
        case .failure(let failure):
            return authenticationFailed(failure)
        case .success(let identity, let additionalData):
            guard let account = Self.authenticatedAccount(for: identity, domain: servedDomain) else {
                return authenticationFailed(SASLFailure(.invalidAuthzid, text: "Not an account of \(servedDomain)"))
            }
            self.account = account
            stage = .awaitingHeader
            return [
                .send(SASLElement.success(additionalData: additionalData).element),
                .authenticated(identity, mechanism: mechanism.name),
                .restartStream,
            ]
        }
    }

    /// Sends `<failure/>`; after too many, closes with `policy-violation` (RFC 6120 §6.4.5).
    private mutating func authenticationFailed(_ failure: SASLFailure) -> [C2SServerAction] {
        failedAuthentications += 1
        stage = .negotiating
        var actions: [C2SServerAction] = [.send(failure.element)]
        if failedAuthentications >= configuration.maxAuthenticationAttempts {
            actions += close(StreamError(.policyViolation, text: "Too many failed authentication attempts"))
        }
        return actions
    }

    /// The account a SASL identity names: the authorization identity when
    /// given, else the authentication identity; a bare local part is taken
    /// in `domain`. `nil` when it is not a bare JID of `domain`.
    static func authenticatedAccount(for identity: SASLIdentity, domain: String) -> JID? {
        let name = identity.authzid.flatMap { $0.isEmpty ? nil : $0 } ?? identity.authcid
        let jid: JID? = name.contains("@") ? try? JID(name) : try? JID(localpart: name, domainpart: domain)
        guard let jid, jid.localpart != nil, jid.resourcepart == nil, jid.domainpart == domain else { return nil }
        return jid
    }
}
