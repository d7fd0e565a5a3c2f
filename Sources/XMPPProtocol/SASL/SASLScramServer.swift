import XMPPCore

/// SCRAM-SHA-1 (RFC 5802) and SCRAM-SHA-256 (RFC 7677) on the server,
/// without channel binding: the GS2 header must be `n` or `y` (a `p=` is
/// refused with `malformed-request`, there being no `-PLUS`).
///
/// An unknown user is not revealed early: the server answers with a salt
/// derived from the user name and ``SASLServerContext/saltSecret`` (as it
/// does for accounts that only have a clear-text password) and fails at the
/// proof with `not-authorized`. Other lookup results fail at once with
/// their condition. A message that does not parse, a channel-binding or
/// nonce that does not match, or a proof of the wrong length is
/// `malformed-request`; an authzid other than the account's own bare JID is
/// `invalid-authzid`, after the proof was checked. Success carries the
/// server signature `v=` as additional data (RFC 6120 §6.3.10).
public struct SASLScramServer: SASLServerMechanism {
    public let hash: SCRAMHash
    public var name: String { hash.mechanismName }
    private let context: SASLServerContext
    private let serverNonce: String
    private var state = State.initial

    private enum State {
        case initial
        case awaitingClientFirst
        case awaitingClientFinal(Exchange)
        case done
    }

    /// What the server remembers between its two messages.
    private struct Exchange {
        var clientFirst: SCRAMClientFirst
        var serverFirst: SCRAMServerFirst
        /// The prepared user name.
        var username: String
        /// `nil` for an unknown user: the proof will not be accepted.
        var credentials: SCRAMStoredCredentials?
    }

    /// Draws the server's nonce from `random` now.
    public init(hash: SCRAMHash, context: SASLServerContext, random: inout SeededGenerator) {
        self.init(hash: hash, context: context, serverNonce: SCRAMMessage.randomNonce(using: &random))
    }

    /// An exchange with a given server nonce (known-answer tests).
    init(hash: SCRAMHash, context: SASLServerContext, serverNonce: String) {
        self.hash = hash
        self.context = context
        self.serverNonce = serverNonce
    }

    public mutating func start(initialResponse: [UInt8]?) -> SASLServerStep {
        guard case .initial = state else { return finish(.failure(SASLFailure(.malformedRequest))) }
        guard let initialResponse else {
            state = .awaitingClientFirst
            return .challenge([])
        }
        return clientFirst(initialResponse)
    }

    public mutating func respond(_ response: [UInt8]) -> SASLServerStep {
        switch state {
        case .awaitingClientFirst:
            return clientFirst(response)
        case .awaitingClientFinal(let exchange):
            return finish(clientFinal(response, exchange))
        case .initial, .done:
            return finish(.failure(SASLFailure(.malformedRequest, text: "exchange already finished")))
        }
    }

    private mutating func finish(_ step: SASLServerStep) -> SASLServerStep {
        state = .done
        return step
    }

    private mutating func clientFirst(_ message: [UInt8]) -> SASLServerStep {
        guard let clientFirst = SCRAMClientFirst(message) else {
            return finish(.failure(SASLFailure(.malformedRequest, text: "not a SCRAM client-first-message")))
        }
        if case .required = clientFirst.channelBinding {
            return finish(.failure(SASLFailure(.malformedRequest, text: "channel binding is not supported")))
        }
        let prepared = SASLprep.prepare(clientFirst.username).flatMap { $0.isEmpty ? nil : $0 }
        let username = prepared ?? clientFirst.username
        var credentials: SCRAMStoredCredentials?
        if let prepared {
            let lookup = context.credentials.lookup(username: prepared, forSCRAM: hash)
            switch lookup {
            case .found(let account):
                credentials = storedCredentials(of: account, username: prepared)
            case .unknownUser:
                credentials = nil
            case .disabled, .credentialsExpired, .temporarilyUnavailable:
                return finish(.failure(SASLAuthorization.failure(for: lookup) ?? SASLFailure(.notAuthorized)))
            }
        }
        let serverFirst = SCRAMServerFirst(
            nonce: clientFirst.nonce + serverNonce,
            salt: credentials?.salt ?? syntheticSalt(username: username),
            iterations: credentials?.iterations ?? SCRAMStoredCredentials.defaultIterations
        )
        state = .awaitingClientFinal(
            Exchange(clientFirst: clientFirst, serverFirst: serverFirst, username: username, credentials: credentials)
        )
        return .challenge(Array(serverFirst.text.utf8))
    }

    private func clientFinal(_ message: [UInt8], _ exchange: Exchange) -> SASLServerStep {
        guard let clientFinal = SCRAMClientFinal(message) else {
            return .failure(SASLFailure(.malformedRequest, text: "not a SCRAM client-final-message"))
        }
        guard clientFinal.channelBinding == Array(exchange.clientFirst.gs2Header.utf8) else {
            return .failure(SASLFailure(.malformedRequest, text: "channel binding does not match the GS2 header"))
        }
        guard clientFinal.nonce == exchange.serverFirst.nonce else {
            return .failure(SASLFailure(.malformedRequest, text: "nonce does not match"))
        }
        guard clientFinal.proof.count == hash.outputByteCount else {
            return .failure(SASLFailure(.malformedRequest, text: "proof has the wrong length"))
        }
        guard let credentials = exchange.credentials else { return .failure(SASLFailure(.notAuthorized)) }
        let authMessage = Array(
            "\(exchange.clientFirst.bare),\(exchange.serverFirst.text),\(clientFinal.withoutProof)".utf8
        )
        let clientSignature = hash.hmac(key: credentials.storedKey, authMessage)
        let clientKey = xor(clientFinal.proof, clientSignature)
        guard constantTimeEquals(hash.hash(clientKey), credentials.storedKey) else {
            return .failure(SASLFailure(.notAuthorized))
        }
        let authorization = SASLAuthorization.authorize(
            exchange.clientFirst.authzid, authcid: exchange.username, domain: context.domain
        )
        switch authorization {
        case .failure(let failure):
            return .failure(failure)
        case .success(let authzid):
            let serverSignature = hash.hmac(key: credentials.serverKey, authMessage)
            return .success(
                SASLIdentity(authcid: exchange.username, authzid: authzid),
                additionalData: SCRAMServerFinal.verifier(serverSignature).bytes
            )
        }
    }

    /// The account's credentials for this hash: stored ones, or derived from
    /// its clear-text password with the synthetic salt; `nil` if neither.
    private func storedCredentials(of account: SASLCredentials, username: String) -> SCRAMStoredCredentials? {
        if let stored = account.scram[hash], stored.isUsable { return stored }
        guard let password = account.plainPassword else { return nil }
        return .derive(
            password: password, salt: syntheticSalt(username: username),
            iterations: SCRAMStoredCredentials.defaultIterations, hash: hash
        )
    }

    /// A salt that depends only on the user name, the domain and the
    /// server's secret: the same on every attempt, whether or not the user
    /// exists.
    private func syntheticSalt(username: String) -> [UInt8] {
        let key = context.saltSecret + Array("\(context.domain)".utf8)
        return Array(SCRAMHash.sha256.hmac(key: key, Array("SCRAM salt\u{0}\(username)".utf8)).prefix(16))
    }
}

extension SCRAMStoredCredentials {
    /// Whether these credentials can be used in an exchange: a salt, and an
    /// iteration count a client will accept.
    var isUsable: Bool {
        !salt.isEmpty && storedKey.count == serverKey.count && (1...SCRAMMessage.maximumIterations).contains(iterations)
    }
}
