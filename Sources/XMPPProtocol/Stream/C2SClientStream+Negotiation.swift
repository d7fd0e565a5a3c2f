import XMPPCore

extension C2SClientStream {
    /// Chooses the next step from the offered features (RFC 6120 §4.3.2).
    mutating func negotiate(features: XMLElement) -> [C2SClientAction] {
        let startTLS = features.child("starttls", namespace: XMLNamespace.tls)
        if !isEncrypted {
            if startTLS != nil && configuration.tls != .disabled {
                stage = .awaitingProceed
                return [.send(XMLElement(name: "starttls", namespace: XMLNamespace.tls))]
            }
            let tlsRequiredByServer = startTLS?.child("required", namespace: XMLNamespace.tls) != nil
            if configuration.tls == .required || tlsRequiredByServer { return fail(.tlsUnavailable) }
        }
        if !isAuthenticated {
            let offered = features.child("mechanisms", namespace: XMLNamespace.sasl).map(SASLElement.mechanisms(in:)) ?? []
            guard offered.contains(mechanism.name) else {
                return fail(.mechanismNotOffered(mechanism.name, offered: offered))
            }
            stage = .authenticating
            let auth = SASLElement.auth(mechanism: mechanism.name, initialResponse: mechanism.initialResponse())
            return [.send(auth.element)]
        }
        streamManagementOffered = features.child("sm", namespace: XMLNamespace.streamManagement) != nil
        if let resumption = configuration.resumption, streamManagementOffered {
            stage = .awaitingResumed
            return [.send(SMElement.resume(previd: resumption.previd, h: resumption.h).element)]
        }
        guard features.child("bind", namespace: XMLNamespace.bind) != nil else {
            return fail(.protocolViolation("No resource binding offered"))
        }
        return bindRequest()
    }

    /// Asks for a resource (RFC 6120 §7.6).
    mutating func bindRequest() -> [C2SClientAction] {
        var bind = XMLElement(name: "bind", namespace: XMLNamespace.bind)
        if let resource = configuration.requestedResource {
            bind.append(XMLElement(name: "resource", namespace: XMLNamespace.bind, text: resource))
        }
        stage = .awaitingBindResult
        return [.send(XMLElement(
            name: "iq", namespace: XMLNamespace.client,
            attributes: [XMLAttribute(name: "type", value: "set"), XMLAttribute(name: "id", value: Self.bindRequestID)],
            children: [.element(bind)]
        ))]
    }

    /// A SASL challenge, success or failure (RFC 6120 §6.4).
    mutating func authenticate(_ element: XMLElement) -> [C2SClientAction] {
        let message: SASLElement
        do {
            message = try SASLElement(parsing: element)
        } catch {
            return fail(.authentication(error))
        }
        do {
            switch message {
            case .challenge(let data):
                let response = try mechanism.respond(toChallenge: data)
                return [.send(SASLElement.response(response).element)]
            case .success(let additionalData):
                try mechanism.verifySuccess(additionalData: additionalData)
                isAuthenticated = true
                stage = .awaitingHeader
                return [.restartStream, .sendHeader(header())]
            case .failure(let failure):
                return fail(.authentication(failure))
            default:
                return fail(.protocolViolation("Unexpected SASL element <\(element.name)/>"))
            }
        } catch {
            return fail(.serverAuthentication(error), error: StreamError(.policyViolation))
        }
    }

    /// The result of the bind request (RFC 6120 §7.6).
    mutating func bound(_ element: XMLElement) -> [C2SClientAction] {
        if element[attribute: "type"] == "result",
           let text = element.child("bind", namespace: XMLNamespace.bind)?.child("jid", namespace: XMLNamespace.bind)?.text,
           let jid = try? JID(text) {
            stage = .established(jid)
            guard configuration.streamManagement.enabled, streamManagementOffered else { return [.established(jid)] }
            let enable = SMElement.enable(resume: configuration.streamManagement.resumption, max: nil)
            return [.established(jid), .send(enable.element), .streamManagementRequested]
        }
        if element[attribute: "type"] == "error" {
            let error = element.child("error", namespace: XMLNamespace.client).flatMap { StanzaError(element: $0) }
            return fail(.bind(error ?? StanzaError(.undefinedCondition)))
        }
        return fail(.protocolViolation("Bad bind result"))
    }
}

extension C2SClientStream {
    /// The server's answer to `<resume/>` (XEP-0198 §5): resumed, or failed
    /// and a new resource is bound instead.
    mutating func resumeAnswered(_ element: XMLElement) -> [C2SClientAction] {
        guard let resumption = configuration.resumption else { return fail(.protocolViolation("Unexpected resumption answer")) }
        let answer: SMElement?
        do {
            answer = try SMElement(parsing: element)
        } catch {
            return fail(.protocolViolation(error.description), error: StreamError(.badFormat))
        }
        switch answer {
        case .resumed(let previd, let h) where previd == resumption.previd:
            stage = .established(resumption.jid)
            return [.resumed(resumption.jid, h: h)]
        case .failed(let condition, let h):
            return [.resumeFailed(ResumeFailure(condition ?? .undefinedCondition, h: h))] + bindRequest()
        default:
            return fail(.protocolViolation("Unexpected <\(element.name)/> in answer to <resume/>"))
        }
    }
}
