import XMPPCore

/// EXTERNAL (RFC 4422 Appendix A) with certificates as XEP-0178 uses it:
/// the authentication happened in TLS, and the message is only the
/// requested authorization identity (empty for none).
///
/// On a client stream (`expectedIdentity == nil`) the candidates are the
/// certificate's bare JIDs at this server's domain. Without an authzid
/// there must be exactly one, which becomes the identity; an authzid must
/// be one of them, else `invalid-authzid` (also when several candidates
/// leave the choice open). No candidate at all is `not-authorized`.
///
/// On a server-to-server stream the certificate must name the expected
/// domain (a DNS name, a domain JID, or a `*.` wildcard standing for its
/// first label of a name with at least three, RFC 6125 §6.4.3), else `not-authorized`; an authzid, if
/// given, must be that domain, else `invalid-authzid`.
public struct SASLExternalServer: SASLServerMechanism {
    public var name: String { "EXTERNAL" }
    private let context: SASLServerContext
    private var state = State.initial

    private enum State { case initial, awaitingResponse, done }

    public init(context: SASLServerContext) {
        self.context = context
    }

    public mutating func start(initialResponse: [UInt8]?) -> SASLServerStep {
        guard state == .initial else { return finish(.failure(SASLFailure(.malformedRequest))) }
        guard let initialResponse else {
            state = .awaitingResponse
            return .challenge([])
        }
        return finish(evaluate(initialResponse))
    }

    public mutating func respond(_ response: [UInt8]) -> SASLServerStep {
        guard state == .awaitingResponse else {
            return finish(.failure(SASLFailure(.malformedRequest, text: "exchange already finished")))
        }
        return finish(evaluate(response))
    }

    private mutating func finish(_ step: SASLServerStep) -> SASLServerStep {
        state = .done
        return step
    }

    private func evaluate(_ message: [UInt8]) -> SASLServerStep {
        guard let authzid = String(validating: message, as: UTF8.self), !authzid.unicodeScalars.contains("\0") else {
            return .failure(SASLFailure(.malformedRequest, text: "authzid is not UTF-8"))
        }
        guard !context.peerCertificateIdentities.isEmpty else {
            return .failure(SASLFailure(.notAuthorized, text: "no client certificate"))
        }
        if let expected = context.expectedIdentity {
            return evaluateServer(authzid: authzid, expected: expected)
        }
        return evaluateClient(authzid: authzid)
    }

    private func evaluateClient(authzid: String) -> SASLServerStep {
        let domain = Self.normalizedDomain(context.domain)
        var candidates: [JID] = []
        for identity in context.peerCertificateIdentities {
            guard let jid = try? JID(identity), jid.localpart != nil, jid.isBare, jid.domainpart == domain,
                !candidates.contains(jid)
            else { continue }
            candidates.append(jid)
        }
        guard !candidates.isEmpty else {
            return .failure(SASLFailure(.notAuthorized, text: "the certificate names no JID at \(domain)"))
        }
        if authzid.isEmpty {
            guard candidates.count == 1, let only = candidates.first, let localpart = only.localpart else {
                return .failure(SASLFailure(.invalidAuthzid, text: "the certificate names several JIDs; choose one"))
            }
            return .success(SASLIdentity(authcid: localpart), additionalData: nil)
        }
        guard let requested = try? JID(authzid), candidates.contains(requested), let localpart = requested.localpart
        else {
            return .failure(SASLFailure(.invalidAuthzid, text: "the certificate does not name \(authzid)"))
        }
        return .success(SASLIdentity(authcid: localpart, authzid: requested.description), additionalData: nil)
    }

    private func evaluateServer(authzid: String, expected: String) -> SASLServerStep {
        let domain = Self.normalizedDomain(expected)
        guard context.peerCertificateIdentities.contains(where: { Self.identity($0, matchesDomain: domain) }) else {
            return .failure(SASLFailure(.notAuthorized, text: "the certificate does not name \(domain)"))
        }
        guard authzid.isEmpty || Self.normalizedDomain(authzid) == domain else {
            return .failure(SASLFailure(.invalidAuthzid, text: "a server may only act as \(domain)"))
        }
        return .success(SASLIdentity(authcid: domain, authzid: authzid.isEmpty ? nil : domain), additionalData: nil)
    }

    /// The domain as a JID domainpart (lower case, no trailing dot), or the
    /// lower-cased string if it is not one.
    static func normalizedDomain(_ domain: String) -> String {
        (try? JID(domain)).flatMap { $0.isDomain ? $0.domainpart : nil } ?? domain.lowercased()
    }

    /// Whether a certificate identity names `domain`: exactly, or as a
    /// wildcard `*.rest` where `domain` is one label followed by `rest`.
    static func identity(_ identity: String, matchesDomain domain: String) -> Bool {
        if identity.hasPrefix("*.") {
            let rest = normalizedDomain(String(identity.dropFirst(2)))
            guard rest.contains("."), let dot = domain.firstIndex(of: "."), dot != domain.startIndex else {
                return false
            }
            return domain[domain.index(after: dot)...] == rest[...]
        }
        return normalizedDomain(identity) == domain
    }
}
