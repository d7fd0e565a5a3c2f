import Testing
import XMPPCore

@testable import XMPPProtocol

/// A SCRAM example exchange from an RFC: user "user", password "pencil".
struct SCRAMExample: Sendable, CustomStringConvertible {
    var hash: SCRAMHash
    var clientNonce: String
    var serverNonce: String
    var salt: String
    var clientFirst: String
    var serverFirst: String
    var clientFinal: String
    var serverFinal: String
    var description: String { hash.rawValue }

    /// RFC 5802 §5.
    static let rfc5802 = SCRAMExample(
        hash: .sha1, clientNonce: "fyko+d2lbbFgONRv9qkxdawL", serverNonce: "3rfcNHYJY1ZVvWVs7j",
        salt: "QSXCR+Q6sek8bf92",
        clientFirst: "n,,n=user,r=fyko+d2lbbFgONRv9qkxdawL",
        serverFirst: "r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096",
        clientFinal: "c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=",
        serverFinal: "v=rmF9pqV8S7suAoZWja4dJRkFsKQ="
    )
    /// RFC 7677 §3.
    static let rfc7677 = SCRAMExample(
        hash: .sha256, clientNonce: "rOprNGfwEbeRWgbNEkqO", serverNonce: "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0",
        salt: "W22ZaJ0SNY7soEsUEjb6gQ==",
        clientFirst: "n,,n=user,r=rOprNGfwEbeRWgbNEkqO",
        serverFirst: "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096",
        clientFinal: "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
            + "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=",
        serverFinal: "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4="
    )
    static let all = [rfc5802, rfc7677]

    var client: SASLScramClient {
        SASLScramClient(hash: hash, username: "user", password: "pencil", nonce: clientNonce)
    }

    var server: SASLScramServer {
        let credentials = SCRAMStoredCredentials.derive(
            password: "pencil", salt: SASLBase64.decode(salt)!, iterations: 4096, hash: hash
        )
        let store = SASLInMemoryCredentialStore(["user": .found(SASLCredentials(scram: [hash: credentials]))])
        return SASLScramServer(
            hash: hash, context: SASLServerContext(domain: "example.com", credentials: store), serverNonce: serverNonce
        )
    }
}

/// SCRAM-SHA-1 (RFC 5802) and SCRAM-SHA-256 (RFC 7677).
struct SASLScramTests {
    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    // MARK: Known answers

    @Test(arguments: SCRAMExample.all)
    func clientProducesTheRFCMessages(_ example: SCRAMExample) throws {
        var client = example.client
        #expect(client.initialResponse() == Self.bytes(example.clientFirst))
        #expect(try client.respond(toChallenge: Self.bytes(example.serverFirst)) == Self.bytes(example.clientFinal))
        try client.verifySuccess(additionalData: Self.bytes(example.serverFinal))
    }

    @Test(arguments: SCRAMExample.all)
    func serverProducesTheRFCMessages(_ example: SCRAMExample) {
        var server = example.server
        #expect(server.name == example.hash.rawValue)
        #expect(server.start(initialResponse: Self.bytes(example.clientFirst)) == .challenge(Self.bytes(example.serverFirst)))
        #expect(
            server.respond(Self.bytes(example.clientFinal))
                == .success(SASLIdentity(authcid: "user"), additionalData: Self.bytes(example.serverFinal))
        )
    }

    @Test(arguments: SCRAMExample.all)
    func clientAndServerReproduceTheRFCTranscript(_ example: SCRAMExample) {
        let (outcome, transcript) = SASLHarness.run(example.client, example.server)
        #expect(outcome == .success(SASLIdentity(authcid: "user")))
        #expect(transcript == [
            .auth(mechanism: example.hash.rawValue, initialResponse: Self.bytes(example.clientFirst)),
            .challenge(Self.bytes(example.serverFirst)),
            .response(Self.bytes(example.clientFinal)),
            .success(additionalData: Self.bytes(example.serverFinal)),
        ])
    }

    // MARK: Round trips

    static func server(_ hash: SCRAMHash, seed: UInt64 = 3) -> SASLScramServer {
        var random = SeededGenerator(seed: seed)
        return SASLScramServer(hash: hash, context: SASLHarness.context(), random: &random)
    }

    static func client(_ hash: SCRAMHash, _ username: String, _ password: String, authzid: String? = nil) -> SASLScramClient {
        var random = SeededGenerator(seed: 4)
        return SASLScramClient(hash: hash, username: username, password: password, authzid: authzid, random: &random)
    }

    @Test(arguments: SCRAMHash.allCases)
    func storedAndClearTextAccountsAuthenticate(_ hash: SCRAMHash) {
        for (username, password) in [("juliet", "r0m30myr0m30"), ("romeo", "juliet's balcony"), ("a,b=c", "escape me")] {
            let (outcome, _) = SASLHarness.run(Self.client(hash, username, password), Self.server(hash))
            #expect(outcome == .success(SASLIdentity(authcid: username)))
        }
    }

    @Test func saslnamesAreEscaped() {
        var client = SASLScramClient(hash: .sha1, username: "a,b=c", password: "x", authzid: "a,b=c@example.com", nonce: "n")
        #expect(client.initialResponse() == Self.bytes("n,a=a=2Cb=3Dc@example.com,n=a=2Cb=3Dc,r=n"))
    }

    @Test(arguments: SCRAMHash.allCases)
    func ownBareJIDIsAValidAuthzid(_ hash: SCRAMHash) {
        let (outcome, _) = SASLHarness.run(Self.client(hash, "juliet", "r0m30myr0m30", authzid: "juliet@example.com"), Self.server(hash))
        #expect(outcome == .success(SASLIdentity(authcid: "juliet", authzid: "juliet@example.com")))
        let (other, _) = SASLHarness.run(Self.client(hash, "juliet", "r0m30myr0m30", authzid: "romeo@example.com"), Self.server(hash))
        #expect(other == .failure(.invalidAuthzid))
    }

    @Test(arguments: SCRAMHash.allCases)
    func wrongPasswordIsNotAuthorized(_ hash: SCRAMHash) {
        #expect(SASLHarness.run(Self.client(hash, "juliet", "wrong"), Self.server(hash)).outcome == .failure(.notAuthorized))
        #expect(SASLHarness.run(Self.client(hash, "nurse", "anything"), Self.server(hash)).outcome == .failure(.notAuthorized))
    }

    @Test(arguments: SCRAMHash.allCases)
    func unknownUserFailsOnlyAtTheProofWithAStableSalt(_ hash: SCRAMHash) throws {
        let (outcome, transcript) = SASLHarness.run(Self.client(hash, "nobody", "guess"), Self.server(hash))
        #expect(outcome == .failure(.notAuthorized))
        #expect(transcript.count == 4, "client-first, server-first, client-final, failure")
        guard case .challenge(let first) = transcript[1] else {
            Issue.record("no server-first-message")
            return
        }
        var client = Self.client(hash, "nobody", "guess")
        var again = Self.server(hash, seed: 99)
        guard case .challenge(let second) = again.start(initialResponse: client.initialResponse()) else {
            Issue.record("no server-first-message")
            return
        }
        let salt = { (message: [UInt8]) in String(decoding: message, as: UTF8.self).split(separator: ",")[1] }
        #expect(salt(first) == salt(second), "the same fake salt on every attempt")
        #expect(String(decoding: first, as: UTF8.self).hasSuffix(",i=4096"))
    }

    @Test(arguments: SASLHarness.unusableAccounts)
    func unusableAccountsFailAtOnce(_ username: String, _ condition: SASLFailureCondition) {
        let (outcome, transcript) = SASLHarness.run(Self.client(.sha256, username, "x"), Self.server(.sha256))
        #expect(outcome == .failure(condition))
        #expect(transcript.count == 2)
    }

    @Test func serverNonceComesFromTheGenerator() {
        let message = Self.bytes("n,,n=juliet,r=abc")
        var a = Self.server(.sha1, seed: 5), b = Self.server(.sha1, seed: 5), c = Self.server(.sha1, seed: 6)
        let first = a.start(initialResponse: message)
        #expect(first == b.start(initialResponse: message))
        #expect(first != c.start(initialResponse: message))
    }

    @Test func acceptsTheYFlagAndAWaitForTheClientFirst() {
        var server = Self.server(.sha1)
        #expect(server.start(initialResponse: nil) == .challenge([]))
        guard case .challenge = server.respond(Self.bytes("y,,n=juliet,r=abc")) else {
            Issue.record("refused the y flag")
            return
        }
    }

    // MARK: Malformed messages

    @Test(arguments: [
        "p=tls-unique,,n=juliet,r=abc",  // channel binding on a non-PLUS mechanism
        "n,,m=ext,n=juliet,r=abc",  // reserved mandatory extension
        "x,,n=juliet,r=abc", "n,,n=juliet", "n,,r=abc,n=juliet", "n,,n=,r=abc", "n,,n=ju=41liet,r=abc",
        "n,,n=juliet,r=a,c", "n,,n=juliet,r=", "n,b=x,n=juliet,r=abc", "n,a=,n=juliet,r=abc", "n,,n=juliet,r=ab\u{7F}",
        "", "garbage",
    ])
    func malformedClientFirstIsMalformedRequest(_ message: String) {
        var server = Self.server(.sha1)
        guard case .failure(let failure) = server.start(initialResponse: Self.bytes(message)) else {
            Issue.record("accepted \(message)")
            return
        }
        #expect(failure.condition == .malformedRequest)
    }

    @Test func invalidUTF8IsMalformedRequest() {
        var server = Self.server(.sha1)
        let message: [UInt8] = [0x6E, 0x2C, 0x2C, 0x6E, 0x3D, 0xC3, 0x2C, 0x72, 0x3D, 0x61]  // "n,,n=\xC3,r=a"
        #expect(
            server.start(initialResponse: message)
                == .failure(SASLFailure(.malformedRequest, text: "not a SCRAM client-first-message"))
        )
    }

    /// Runs client-first for juliet with nonce "abc", then `final` built from
    /// the combined nonce.
    static func finalStep(_ final: (String) -> String) -> SASLServerStep {
        var server = Self.server(.sha1)
        guard case .challenge(let first) = server.start(initialResponse: Self.bytes("n,,n=juliet,r=abc")) else {
            return .failure(SASLFailure(.aborted))
        }
        let nonce = String(String(decoding: first, as: UTF8.self).split(separator: ",")[0].dropFirst(2))
        return server.respond(Self.bytes(final(nonce)))
    }

    static let proof = SASLBase64.encode([UInt8](repeating: 1, count: 20))

    /// Client-final-messages with NONCE standing for the combined nonce.
    @Test(arguments: [
        "c=biws,r=NONCE",  // no proof
        "c=eSws,r=NONCE,p=\(proof)",  // "y,," instead of the "n,," sent
        "c=biws,r=NONCEx,p=\(proof)",  // nonce changed
        "c=biws,r=abc,p=\(proof)",  // client nonce only
        "c=biws,r=NONCE,p=AAAA",  // proof too short
        "c=biws,r=NONCE,p=not base64",
        "r=NONCE,c=biws,p=\(proof)",
        "c=biws,p=\(proof),r=NONCE",
        "garbage",
    ])
    func malformedClientFinalIsMalformedRequest(_ template: String) {
        guard case .failure(let failure) = Self.finalStep({ template.replacing("NONCE", with: $0) }) else {
            Issue.record("accepted \(template)")
            return
        }
        #expect(failure.condition == .malformedRequest)
    }

    @Test func wrongProofOfTheRightShapeIsNotAuthorized() {
        let proof = Self.proof
        #expect(Self.finalStep { "c=biws,r=\($0),p=\(proof)" } == .failure(SASLFailure(.notAuthorized)))
        #expect(Self.finalStep { "c=biws,r=\($0),x=extension,p=\(proof)" } == .failure(SASLFailure(.notAuthorized)))
    }

    // MARK: Client checks

    static let example = SCRAMExample.rfc5802

    @Test func clientRejectsABadServerSignature() throws {
        var client = Self.example.client
        _ = client.initialResponse()
        _ = try client.respond(toChallenge: Self.bytes(Self.example.serverFirst))
        #expect(throws: SASLClientError(.badServerSignature, "the server signature does not match")) {
            try client.verifySuccess(additionalData: Self.bytes("v=smF9pqV8S7suAoZWja4dJRkFsKQ="))
        }
    }

    @Test func clientRejectsAServerThatDoesNotKnowThePassword() {
        // A server that accepts any proof still cannot produce the signature.
        struct Impostor: SASLServerMechanism {
            var inner = SCRAMExample.rfc5802.server
            var name: String { inner.name }
            mutating func start(initialResponse: [UInt8]?) -> SASLServerStep { inner.start(initialResponse: initialResponse) }
            mutating func respond(_ response: [UInt8]) -> SASLServerStep {
                let forged = SASLBase64.encode([UInt8](repeating: 0, count: 20))
                return .success(SASLIdentity(authcid: "user"), additionalData: Array("v=\(forged)".utf8))
            }
        }
        let client = SASLScramClient(hash: .sha1, username: "user", password: "not pencil", nonce: "fyko+d2lbbFgONRv9qkxdawL")
        #expect(SASLHarness.run(client, Impostor()).outcome == .clientError(.badServerSignature))
    }

    @Test(arguments: [
        ("r=other3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096", SASLClientError.Kind.nonceMismatch),
        ("r=fyko+d2lbbFgONRv9qkxdawL,s=QSXCR+Q6sek8bf92,i=4096", .nonceMismatch),
        ("r=fyko+d2lbbFgONRv9qkxdawL3rfc,s=QSXCR+Q6sek8bf9,i=4096", .malformedChallenge),
        ("r=fyko+d2lbbFgONRv9qkxdawL3rfc,s=,i=4096", .malformedChallenge),
        ("r=fyko+d2lbbFgONRv9qkxdawL3rfc,s=QSXCR+Q6sek8bf92,i=0", .malformedChallenge),
        ("r=fyko+d2lbbFgONRv9qkxdawL3rfc,s=QSXCR+Q6sek8bf92,i=-1", .malformedChallenge),
        ("r=fyko+d2lbbFgONRv9qkxdawL3rfc,s=QSXCR+Q6sek8bf92,i=99999999999", .malformedChallenge),
        ("r=fyko+d2lbbFgONRv9qkxdawL3rfc,i=4096", .malformedChallenge),
        ("m=x,r=fyko+d2lbbFgONRv9qkxdawL3rfc,s=QSXCR+Q6sek8bf92,i=4096", .malformedChallenge),
        ("e=other-error", .malformedChallenge),
        ("", .malformedChallenge),
    ])
    func clientRejectsBadServerFirst(_ message: String, _ kind: SASLClientError.Kind) {
        var client = Self.example.client
        _ = client.initialResponse()
        #expect { try client.respond(toChallenge: Self.bytes(message)) } throws: { ($0 as? SASLClientError)?.kind == kind }
        #expect { try client.verifySuccess(additionalData: nil) } throws: { ($0 as? SASLClientError)?.kind == .unexpectedSuccess }
    }

    @Test func clientReportsServerErrorsAndMissingSignatures() throws {
        for (data, kind) in [
            (Self.bytes("e=invalid-proof"), SASLClientError.Kind.serverError), (nil, .missingServerSignature),
            ([], .missingServerSignature), (Self.bytes("v=***"), .malformedChallenge), (Self.bytes("x=1"), .malformedChallenge),
        ] as [([UInt8]?, SASLClientError.Kind)] {
            var client = Self.example.client
            _ = client.initialResponse()
            _ = try client.respond(toChallenge: Self.bytes(Self.example.serverFirst))
            #expect { try client.verifySuccess(additionalData: data) } throws: { ($0 as? SASLClientError)?.kind == kind }
        }
    }

    @Test func clientAcceptsTheServerFinalAsAChallenge() throws {
        var client = Self.example.client
        #expect(try client.respond(toChallenge: []) == Self.bytes(Self.example.clientFirst))
        _ = try client.respond(toChallenge: Self.bytes(Self.example.serverFirst))
        #expect(try client.respond(toChallenge: Self.bytes(Self.example.serverFinal)) == [])
        try client.verifySuccess(additionalData: nil)
        try client.verifySuccess(additionalData: Self.bytes(Self.example.serverFinal))
        #expect { try client.respond(toChallenge: []) } throws: { ($0 as? SASLClientError)?.kind == .unexpectedChallenge }
    }

    @Test func clientRefusesSuccessBeforeItsProof() {
        var client = Self.example.client
        #expect { try client.verifySuccess(additionalData: nil) } throws: { ($0 as? SASLClientError)?.kind == .unexpectedSuccess }
        var started = Self.example.client
        _ = started.initialResponse()
        #expect(started.initialResponse() == nil, "the client-first-message is sent once")
        #expect { try started.verifySuccess(additionalData: Self.bytes(Self.example.serverFinal)) } throws: {
            ($0 as? SASLClientError)?.kind == .unexpectedSuccess
        }
    }

    // MARK: Stored credentials

    @Test func derivedCredentialsDependOnEveryInput() {
        let base = SCRAMStoredCredentials.derive(password: "pencil", salt: [1, 2, 3], iterations: 4096, hash: .sha256)
        #expect(base.storedKey.count == 32 && base.serverKey.count == 32)
        #expect(base.salt == [1, 2, 3] && base.iterations == 4096)
        #expect(base == SCRAMStoredCredentials.derive(password: "pencil", salt: [1, 2, 3], iterations: 4096, hash: .sha256))
        #expect(base != SCRAMStoredCredentials.derive(password: "pencil!", salt: [1, 2, 3], iterations: 4096, hash: .sha256))
        #expect(base != SCRAMStoredCredentials.derive(password: "pencil", salt: [1, 2, 4], iterations: 4096, hash: .sha256))
        #expect(base != SCRAMStoredCredentials.derive(password: "pencil", salt: [1, 2, 3], iterations: 4097, hash: .sha256))
        #expect(SCRAMStoredCredentials.derive(password: "pencil", salt: [1], iterations: 1, hash: .sha1).storedKey.count == 20)
        let empty = SCRAMStoredCredentials.derive(password: "", salt: [1], iterations: 1, hash: .sha1)
        #expect(empty.storedKey.count == 20, "an empty password still derives")
    }

    @Test func mechanismNamesAreTheHashes() {
        #expect(SCRAMHash.allCases.map(\.mechanismName) == ["SCRAM-SHA-1", "SCRAM-SHA-256"])
        #expect(SCRAMHash(mechanismName: "SCRAM-SHA-256") == .sha256)
        #expect(SCRAMHash(mechanismName: "SCRAM-SHA-256-PLUS") == nil)
    }
}
