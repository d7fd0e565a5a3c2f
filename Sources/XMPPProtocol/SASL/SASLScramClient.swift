import XMPPCore

/// SCRAM-SHA-1 (RFC 5802) and SCRAM-SHA-256 (RFC 7677) on the client,
/// without channel binding (GS2 header `n`).
///
/// It checks the server's nonce (it must extend the client's), the
/// iteration count (1 to 10,000,000) and, on success, the server
/// signature: a server that does not know the password is caught by
/// ``verifySuccess(additionalData:)`` with ``SASLClientError/Kind/badServerSignature``.
/// The server-final-message is accepted as `<success/>` data (RFC 6120
/// §6.3.10) or, from servers that cannot send data with success, as a last
/// challenge answered with an empty response.
public struct SASLScramClient: SASLClientMechanism {
    public let hash: SCRAMHash
    public var name: String { hash.mechanismName }
    private let password: String
    private let clientFirst: SCRAMClientFirst
    private var state = State.initial

    private enum State {
        case initial
        case sentClientFirst
        case sentClientFinal(serverSignature: [UInt8])
        case verified(serverSignature: [UInt8])
        case failed
    }

    /// The user name and password are prepared with SASLprep (used as given
    /// if SASLprep rejects them). The client nonce is drawn from `random`.
    public init(
        hash: SCRAMHash, username: String, password: String, authzid: String? = nil,
        random: inout SeededGenerator
    ) {
        self.init(
            hash: hash, username: username, password: password, authzid: authzid,
            nonce: SCRAMMessage.randomNonce(using: &random)
        )
    }

    /// An exchange with a given client nonce (known-answer tests); it must
    /// be printable ASCII without `,`.
    init(hash: SCRAMHash, username: String, password: String, authzid: String? = nil, nonce: String) {
        precondition(SCRAMMessage.isValidNonce(nonce[...]), "invalid SCRAM nonce")
        self.hash = hash
        self.password = password
        let prepared = SASLprep.prepare(username).flatMap { $0.isEmpty ? nil : $0 } ?? username
        clientFirst = SCRAMClientFirst(username: prepared, authzid: authzid, nonce: nonce)
    }

    public mutating func initialResponse() -> [UInt8]? {
        guard case .initial = state else { return nil }
        state = .sentClientFirst
        return clientFirst.bytes
    }

    public mutating func respond(toChallenge challenge: [UInt8]) throws(SASLClientError) -> [UInt8] {
        switch state {
        case .initial:
            guard challenge.isEmpty else {
                state = .failed
                throw SASLClientError(.unexpectedChallenge, "SCRAM starts with the client's message")
            }
            state = .sentClientFirst
            return clientFirst.bytes
        case .sentClientFirst:
            do {
                return try clientFinal(for: challenge)
            } catch {
                state = .failed
                throw error
            }
        case .sentClientFinal(let serverSignature):
            do {
                try Self.verify(challenge, serverSignature: serverSignature)
            } catch {
                state = .failed
                throw error
            }
            state = .verified(serverSignature: serverSignature)
            return []
        case .verified, .failed:
            state = .failed
            throw SASLClientError(.unexpectedChallenge, "the SCRAM exchange is over")
        }
    }

    public mutating func verifySuccess(additionalData: [UInt8]?) throws(SASLClientError) {
        switch state {
        case .sentClientFinal(let serverSignature):
            guard let additionalData, !additionalData.isEmpty else {
                state = .failed
                throw SASLClientError(.missingServerSignature, "success without the server signature")
            }
            do {
                try Self.verify(additionalData, serverSignature: serverSignature)
            } catch {
                state = .failed
                throw error
            }
            state = .verified(serverSignature: serverSignature)
        case .verified(let serverSignature):
            // Already verified from a challenge; data repeated here must agree.
            if let additionalData, !additionalData.isEmpty {
                try Self.verify(additionalData, serverSignature: serverSignature)
            }
        case .initial, .sentClientFirst, .failed:
            state = .failed
            throw SASLClientError(.unexpectedSuccess, "success before the client proved the password")
        }
    }

    /// Answers the server-first-message with the client-final-message.
    private mutating func clientFinal(for challenge: [UInt8]) throws(SASLClientError) -> [UInt8] {
        let serverFirst = try SCRAMServerFirst(parsing: challenge)
        guard serverFirst.nonce.hasPrefix(clientFirst.nonce), serverFirst.nonce.count > clientFirst.nonce.count else {
            throw SASLClientError(.nonceMismatch, "the server nonce does not extend the client's")
        }
        let keys = SCRAMKeys(password: password, salt: serverFirst.salt, iterations: serverFirst.iterations, hash: hash)
        var final = SCRAMClientFinal(gs2Header: clientFirst.gs2Header, nonce: serverFirst.nonce)
        let authMessage = Array("\(clientFirst.bare),\(serverFirst.text),\(final.withoutProof)".utf8)
        final.proof = xor(keys.clientKey, hash.hmac(key: keys.storedKey, authMessage))
        state = .sentClientFinal(serverSignature: hash.hmac(key: keys.serverKey, authMessage))
        return final.bytes
    }

    /// Checks a server-final-message against the expected signature.
    private static func verify(_ message: [UInt8], serverSignature: [UInt8]) throws(SASLClientError) {
        switch try SCRAMServerFinal(parsing: message) {
        case .error(let error):
            throw SASLClientError(.serverError, "server reports e=\(error)")
        case .verifier(let signature):
            guard constantTimeEquals(signature, serverSignature) else {
                throw SASLClientError(.badServerSignature, "the server signature does not match")
            }
        }
    }
}
