import Testing
import XMPPClient
import XMPPCore
import XMPPProtocol
import XMPPServer

/// Stream negotiation over real loopback TCP with TLS (RFC 6120 §4–§7).
@Suite struct NegotiationTests {
    @Test(arguments: [TLSPolicy.required, .optional])
    func tlsClientLogsInWhenServerOffersTLS(_ serverPolicy: TLSPolicy) async throws {
        try await withLab { lab in
            let (_, address) = try await lab.startServer { $0.tls = serverPolicy }
            let client = try lab.client("alice@alpha.test", credentials: .scramSHA256(password: "alice-pw"), resource: "desk")
            let jid = try await client.connect(to: address)
            #expect(jid.description == "alice@alpha.test/desk")
        }
    }

    @Test func requiredTLSRefusesAClientThatWillNotUseIt() async throws {
        try await withLab { lab in
            let (_, address) = try await lab.startServer { $0.tls = .required }
            let client = try lab.client("alice@alpha.test", credentials: .scramSHA256(password: "alice-pw"), tls: .disabled)
            await #expect(throws: ClientError.stream(.tlsUnavailable)) { try await client.connect(to: address) }
        }
    }

    @Test func optionalTLSLetsAClientGoOnWithoutIt() async throws {
        try await withLab { lab in
            let (_, address) = try await lab.startServer { $0.tls = .optional }
            let client = try lab.client("alice@alpha.test", credentials: .scramSHA1(password: "alice-pw"), tls: .disabled)
            let jid = try await client.connect(to: address)
            #expect(jid.bare.description == "alice@alpha.test")
        }
    }

    @Test func disabledTLSMeansNoSTARTTLSOffered() async throws {
        try await withLab { lab in
            let (_, address) = try await lab.startServer { $0.tls = .disabled }
            let strict = try lab.client("alice@alpha.test", credentials: .scramSHA256(password: "alice-pw"), tls: .required)
            await #expect(throws: ClientError.stream(.tlsUnavailable)) { try await strict.connect(to: address) }
            let relaxed = try lab.client("bob@alpha.test", credentials: .scramSHA256(password: "bob-pw"), tls: .optional)
            #expect(try await relaxed.connect(to: address).bare.description == "bob@alpha.test")
        }
    }

    @Test func plainWithoutTLSIsEncryptionRequired() async throws {
        try await withLab { lab in
            let (_, address) = try await lab.startServer {
                $0.tls = .optional
                $0.saslMechanisms = ["PLAIN"]
            }
            let raw = try await RawConnection.connect(to: address, on: lab.group.next())
            try await raw.send(RawConnection.header(to: "alpha.test"))
            _ = try await raw.waitUntil { text, _ in text.contains("</stream:features>") }
            // AGFsaWNlAGFsaWNlLXB3 = "\0alice\0alice-pw"
            try await raw.send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>AGFsaWNlAGFsaWNlLXB3</auth>")
            let text = try await raw.waitUntil { text, _ in text.contains("</failure>") }
            #expect(text.contains("<encryption-required"))
            await raw.close()
        }
    }

    @Test func streamHeaderChecks() async throws {
        try await withLab { lab in
            let (_, address) = try await lab.startServer()
            let cases: [(String, String)] = [
                (RawConnection.header(to: "other.test"), "host-unknown"),
                (RawConnection.header(to: "alpha.test", version: "2.0"), "unsupported-version"),
                (RawConnection.header(to: "alpha.test", namespace: "jabber:server:nope"), "invalid-namespace"),
                ("<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>", "improper-addressing"),
            ]
            for (header, condition) in cases {
                let raw = try await RawConnection.connect(to: address, on: lab.group.next())
                try await raw.send(header)
                let text = try await raw.waitUntil { _, closed in closed }
                #expect(text.contains("<stream:stream"), "a header comes before the error")
                #expect(text.contains("<\(condition) xmlns='urn:ietf:params:xml:ns:xmpp-streams'"), "\(condition): \(text)")
                #expect(text.hasSuffix("</stream:stream>"))
            }
        }
    }

    @Test func responseHeaderCarriesTheProfileAttributes() async throws {
        try await withLab { lab in
            let (_, address) = try await lab.startServer()
            let raw = try await RawConnection.connect(to: address, on: lab.group.next())
            try await raw.send(RawConnection.header(to: "alpha.test"))
            let text = try await raw.waitUntil { text, _ in text.contains("</stream:features>") }
            #expect(text.contains("from='alpha.test'"))
            #expect(text.contains("version='1.0'"))
            #expect(text.contains("xml:lang='en'"))
            #expect(text.contains(" id='"))
            // TLS required: STARTTLS alone, marked required.
            #expect(text.contains("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'><required/></starttls></stream:features>"))
            await raw.close()
        }
    }
}
