import XMPPCore

/// PLAIN (RFC 4616) on the server: `[authzid] NUL authcid NUL passwd`, in
/// UTF-8, checked against the account's clear-text password or, failing
/// that, its stored SCRAM credentials.
///
/// Refuses with `encryption-required` on a stream without TLS (RFC 6120
/// §6.5.4) and `mechanism-too-weak` for accounts that do not allow PLAIN
/// (§6.5.9). A message that does not parse is `malformed-request`; a wrong
/// password or unknown user `not-authorized`; an authzid other than the
/// account's own bare JID `invalid-authzid`.
public struct SASLPlainServer: SASLServerMechanism {
    public var name: String { "PLAIN" }
    private let context: SASLServerContext
    private var state = State.initial

    private enum State { case initial, awaitingResponse, done }

    public init(context: SASLServerContext) {
        self.context = context
    }

    public mutating func start(initialResponse: [UInt8]?) -> SASLServerStep {
        guard state == .initial else { return finish(.failure(SASLFailure(.malformedRequest))) }
        guard context.isEncrypted else {
            return finish(.failure(SASLFailure(.encryptionRequired, text: "PLAIN needs TLS")))
        }
        guard let initialResponse else {
            state = .awaitingResponse
            return .challenge([])
        }
        return finish(verify(initialResponse))
    }

    public mutating func respond(_ response: [UInt8]) -> SASLServerStep {
        guard state == .awaitingResponse else {
            return finish(.failure(SASLFailure(.malformedRequest, text: "exchange already finished")))
        }
        return finish(verify(response))
    }

    private mutating func finish(_ step: SASLServerStep) -> SASLServerStep {
        state = .done
        return step
    }

    private func verify(_ message: [UInt8]) -> SASLServerStep {
        guard let parsed = PlainMessage(message) else {
            return .failure(SASLFailure(.malformedRequest, text: "not authzid NUL authcid NUL passwd"))
        }
        // RFC 4616 §4: if preparation fails or gives an empty string,
        // verification fails.
        guard let username = SASLprep.prepare(parsed.authcid), !username.isEmpty,
            let password = SASLprep.prepare(parsed.password), !password.isEmpty
        else { return .failure(SASLFailure(.notAuthorized)) }

        let lookup = context.credentials.lookup(username: username)
        guard case .found(let credentials) = lookup else {
            return .failure(SASLAuthorization.failure(for: lookup) ?? SASLFailure(.notAuthorized))
        }
        guard credentials.allowsPlain else {
            return .failure(SASLFailure(.mechanismTooWeak, text: "PLAIN is not allowed for this account"))
        }
        guard Self.matches(password: password, credentials) else { return .failure(SASLFailure(.notAuthorized)) }
        switch SASLAuthorization.authorize(parsed.authzid, authcid: username, domain: context.domain) {
        case .success(let authzid):
            return .success(SASLIdentity(authcid: username, authzid: authzid), additionalData: nil)
        case .failure(let failure):
            return .failure(failure)
        }
    }

    /// Whether the prepared `password` is the account's.
    private static func matches(password: String, _ credentials: SASLCredentials) -> Bool {
        if let stored = credentials.plainPassword {
            let prepared = SASLprep.prepare(stored) ?? stored
            return constantTimeEquals(Array(password.utf8), Array(prepared.utf8))
        }
        for hash in SCRAMHash.allCases.reversed() {
            guard let scram = credentials.scram[hash], scram.isUsable else { continue }
            let keys = SCRAMKeys(password: password, salt: scram.salt, iterations: scram.iterations, hash: hash)
            return constantTimeEquals(keys.storedKey, scram.storedKey)
        }
        return false
    }
}

/// The message of RFC 4616 §2, split.
struct PlainMessage: Equatable {
    var authzid: String?
    var authcid: String
    var password: String

    /// Parses `[authzid] NUL authcid NUL passwd`: exactly two NULs, valid
    /// UTF-8, non-empty authcid and password.
    init?(_ bytes: [UInt8]) {
        let parts = bytes.split(separator: 0, omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[1].isEmpty, !parts[2].isEmpty,
            let authzid = String(validating: parts[0], as: UTF8.self),
            let authcid = String(validating: parts[1], as: UTF8.self),
            let password = String(validating: parts[2], as: UTF8.self)
        else { return nil }
        self.authzid = authzid.isEmpty ? nil : authzid
        self.authcid = authcid
        self.password = password
    }

    init(authzid: String?, authcid: String, password: String) {
        self.authzid = authzid
        self.authcid = authcid
        self.password = password
    }

    var bytes: [UInt8] {
        Array((authzid ?? "").utf8) + [0] + Array(authcid.utf8) + [0] + Array(password.utf8)
    }
}
