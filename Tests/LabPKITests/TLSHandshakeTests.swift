import LabPKI
import NIOSSL
import Testing

/// Real TLS handshakes over loopback TCP with the ready-made configurations.
@Suite struct TLSHandshakeTests {
    @Test func clientAcceptsTheServerForItsDomain() async throws {
        let ca = try LabCertificateAuthority()
        let server = try ca.issueServerIdentity(domain: "alpha.test")
        let outcome = try await LoopbackHandshake.run(
            server: ca.serverTLSConfiguration(for: server, requestClientCertificate: false),
            client: ca.clientTLSConfiguration(clientIdentity: nil),
            serverHostname: "alpha.test"
        )
        #expect(outcome.clientCompleted, "client: \(outcome.client)")
        #expect(outcome.serverCompleted, "server: \(outcome.server)")
        let serverCertificate = try #require(try outcome.client.get())
        #expect(try serverCertificate.toDERBytes() == (try server.certificate.derBytes))
        #expect(outcome.certificateSeenByServer == nil)
    }

    @Test func clientRejectsTheServerUnderAnotherHostname() async throws {
        let ca = try LabCertificateAuthority()
        let server = try ca.issueServerIdentity(domain: "alpha.test")
        let outcome = try await LoopbackHandshake.run(
            server: ca.serverTLSConfiguration(for: server, requestClientCertificate: false),
            client: ca.clientTLSConfiguration(clientIdentity: nil),
            serverHostname: "bravo.test"
        )
        // NIOSSL checks the name after BoringSSL's handshake, so only the
        // client's verdict is meaningful here.
        guard case .failure(let error) = outcome.client else {
            Issue.record("client accepted alpha.test's certificate for bravo.test")
            return
        }
        #expect(error as? NIOSSLExtraError == .failedToValidateHostname)
    }

    @Test func clientRejectsAServerCertifiedByAnotherAuthority() async throws {
        let ca = try LabCertificateAuthority()
        let stranger = try LabCertificateAuthority()
        let impostor = try stranger.issueServerIdentity(domain: "alpha.test")
        let outcome = try await LoopbackHandshake.run(
            server: stranger.serverTLSConfiguration(for: impostor, requestClientCertificate: false),
            client: ca.clientTLSConfiguration(clientIdentity: nil),
            serverHostname: "alpha.test"
        )
        #expect(!outcome.clientCompleted)
        #expect(!outcome.serverCompleted)
    }

    @Test func serverSeesTheClientCertificateForSASLExternal() async throws {
        let ca = try LabCertificateAuthority()
        let server = try ca.issueServerIdentity(domain: "alpha.test")
        let alice = try ca.issueClientIdentity(jid: "alice@alpha.test")
        let outcome = try await LoopbackHandshake.run(
            server: ca.serverTLSConfiguration(for: server, requestClientCertificate: true),
            client: ca.clientTLSConfiguration(clientIdentity: alice),
            serverHostname: "alpha.test"
        )
        #expect(outcome.clientCompleted, "client: \(outcome.client)")
        let seen = try #require(outcome.certificateSeenByServer)
        #expect(try seen.toDERBytes() == (try alice.certificate.derBytes))
        #expect(XMPPCertificateIdentities(peerCertificate: seen)?.xmppAddrs == ["alice@alpha.test"])
    }

    @Test func serverSeesThePeerServerCertificateOnS2S() async throws {
        let ca = try LabCertificateAuthority()
        let receiving = try ca.issueServerIdentity(domain: "alpha.test")
        let initiating = try ca.issueServerIdentity(domain: "bravo.test")
        let outcome = try await LoopbackHandshake.run(
            server: ca.serverTLSConfiguration(for: receiving, requestClientCertificate: true),
            client: ca.clientTLSConfiguration(clientIdentity: initiating),
            serverHostname: "alpha.test"
        )
        #expect(outcome.clientCompleted, "client: \(outcome.client)")
        let seen = try #require(outcome.certificateSeenByServer)
        let identities = try #require(XMPPCertificateIdentities(peerCertificate: seen))
        #expect(identities.dnsNames == ["bravo.test"])
        #expect(identities.srvNames.contains("_xmpp-server.bravo.test"))
    }

    @Test func clientCertificateIsOptional() async throws {
        let ca = try LabCertificateAuthority()
        let server = try ca.issueServerIdentity(domain: "alpha.test")
        let outcome = try await LoopbackHandshake.run(
            server: ca.serverTLSConfiguration(for: server, requestClientCertificate: true),
            client: ca.clientTLSConfiguration(clientIdentity: nil),
            serverHostname: "alpha.test"
        )
        #expect(outcome.clientCompleted, "client: \(outcome.client)")
        #expect(outcome.serverCompleted, "server: \(outcome.server)")
        #expect(outcome.certificateSeenByServer == nil)
    }

    @Test func serverRejectsAClientCertificateFromAnotherAuthority() async throws {
        let ca = try LabCertificateAuthority()
        let stranger = try LabCertificateAuthority()
        let server = try ca.issueServerIdentity(domain: "alpha.test")
        let mallory = try stranger.issueClientIdentity(jid: "alice@alpha.test")
        let outcome = try await LoopbackHandshake.run(
            server: ca.serverTLSConfiguration(for: server, requestClientCertificate: true),
            client: ca.clientTLSConfiguration(clientIdentity: mallory),
            serverHostname: "alpha.test"
        )
        // Under TLS 1.3 the client finishes before the server has judged its
        // certificate, so only the server's verdict is meaningful here.
        #expect(!outcome.serverCompleted)
    }
}
