import NIOSSL
import Testing
import XMPPClient
import XMPPCore
import XMPPProtocol
import XMPPServer

/// SASL over TLS on loopback (RFC 6120 §6): each mechanism and each failure.
@Suite struct AuthenticationTests {
    @Test(arguments: [
        ClientCredentials.plain(password: "alice-pw"),
        .scramSHA1(password: "alice-pw"),
        .scramSHA256(password: "alice-pw"),
    ])
    func passwordMechanismsSucceed(_ credentials: ClientCredentials) async throws {
        try await withLab { lab in
            let (_, address) = try await lab.startServer()
            let client = try lab.client("alice@alpha.test", credentials: credentials)
            #expect(try await client.connect(to: address).bare.description == "alice@alpha.test")
        }
    }

    @Test func anonymousGetsARandomLocalJID() async throws {
        try await withLab { lab in
            let (_, address) = try await lab.startServer { $0.saslMechanisms = ["ANONYMOUS"] }
            let first = try lab.client("alpha.test", credentials: .anonymous)
            let second = try lab.client("alpha.test", credentials: .anonymous)
            let a = try await first.connect(to: address)
            let b = try await second.connect(to: address)
            #expect(a.domainpart == "alpha.test" && a.localpart != nil)
            #expect(a.bare != b.bare)
        }
    }

    @Test func externalWithALabClientCertificate() async throws {
        try await withLab { lab in
            let (_, address) = try await lab.startServer()
            let identity = try TestLab.ca.issueClientIdentity(jid: "alice@alpha.test")
            let context = try NIOSSLContext(configuration: TestLab.ca.clientTLSConfiguration(clientIdentity: identity))
            let client = try lab.client("alice@alpha.test", credentials: .external, tlsContext: context)
            #expect(try await client.connect(to: address).bare.description == "alice@alpha.test")
        }
    }

    @Test func externalIsNotOfferedWithoutACertificate() async throws {
        try await withLab { lab in
            let (_, address) = try await lab.startServer()
            let client = try lab.client("alice@alpha.test", credentials: .external)
            await #expect(throws: ClientError.self) { try await client.connect(to: address) }
            guard case .mechanismNotOffered("EXTERNAL", let offered)? = client.failure else {
                Issue.record("expected mechanismNotOffered, got \(String(describing: client.failure))")
                return
            }
            #expect(!offered.contains("EXTERNAL"))
        }
    }

    @Test(arguments: [
        (Account(localpart: "dave", password: "right"), "wrong", SASLFailureCondition.notAuthorized),
        (Account(localpart: "dave", password: "right", isDisabled: true), "right", .accountDisabled),
        (Account(localpart: "dave", password: "right", credentialsExpired: true), "right", .credentialsExpired),
        (Account(localpart: "dave", password: "right", allowsPlain: false), "right", .mechanismTooWeak),
    ])
    func failuresCarryTheRFCCondition(_ account: Account, _ password: String, _ condition: SASLFailureCondition) async throws {
        try await withLab { lab in
            let (server, address) = try await lab.startServer(accounts: [:])
            server.addAccount(account)
            let client = try lab.client("dave@alpha.test", credentials: .plain(password: password))
            await #expect(throws: ClientError.self) { try await client.connect(to: address) }
            #expect(saslCondition(client) == condition)
        }
    }

    @Test func storageOutageIsTemporaryAuthFailure() async throws {
        try await withLab { lab in
            let (server, address) = try await lab.startServer()
            server.accounts.setUnavailable(true)
            let client = try lab.client("alice@alpha.test", credentials: .scramSHA256(password: "alice-pw"))
            await #expect(throws: ClientError.self) { try await client.connect(to: address) }
            #expect(saslCondition(client) == .temporaryAuthFailure)
        }
    }

    @Test func unknownMechanismAbortAndRetryLimit() async throws {
        try await withLab { lab in
            let (_, address) = try await lab.startServer { $0.tls = .optional }
            let raw = try await RawConnection.connect(to: address, on: lab.group.next())
            try await raw.send(RawConnection.header(to: "alpha.test"))
            _ = try await raw.waitUntil { text, _ in text.contains("</stream:features>") }
            try await raw.send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='X-NOPE'/>")
            _ = try await raw.waitUntil { text, _ in text.contains("<invalid-mechanism/>") }
            try await raw.send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='SCRAM-SHA-1'>!!!notbase64</auth>")
            _ = try await raw.waitUntil { text, _ in text.contains("<incorrect-encoding/>") }
            // A third failure (the default allows 3 attempts) closes the stream.
            try await raw.send("<abort xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>")
            let text = try await raw.waitUntil { _, closed in closed }
            #expect(text.contains("<aborted/>"))
            #expect(text.contains("<policy-violation xmlns='urn:ietf:params:xml:ns:xmpp-streams'"))
        }
    }

    @Test func malformedPlainIsMalformedRequest() async throws {
        try await withLab { lab in
            let (_, address) = try await lab.startServer { $0.tls = .disabled }
            let raw = try await RawConnection.connect(to: address, on: lab.group.next())
            try await raw.send(RawConnection.header(to: "alpha.test"))
            _ = try await raw.waitUntil { text, _ in text.contains("</stream:features>") }
            // SCRAM client-first without the gs2 header: "n=alice,r=abc" → bj1hbGljZSxyPWFiYw==
            try await raw.send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='SCRAM-SHA-1'>bj1hbGljZSxyPWFiYw==</auth>")
            let text = try await raw.waitUntil { text, _ in text.contains("</failure>") }
            #expect(text.contains("<malformed-request/>"))
            await raw.close()
        }
    }

    private func saslCondition(_ client: VirtualClient) -> SASLFailureCondition? {
        guard case .authentication(let failure)? = client.failure else { return nil }
        return failure.condition
    }
}
