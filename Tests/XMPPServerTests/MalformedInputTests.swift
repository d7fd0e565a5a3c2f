import Testing
import XMPPClient
import XMPPCore
import XMPPServer

/// Bad input gets the right stream error, and the server keeps serving others.
@Suite struct MalformedInputTests {
    @Test(arguments: [
        ("<message><body>unclosed</message>", "not-well-formed"),
        // Inside the stream a DOCTYPE is no DTD but malformed content.
        ("<!DOCTYPE foo [<!ENTITY x 'y'>]>", "not-well-formed"),
        ("<message><!-- comment --></message>", "restricted-xml"),
        ("<message>&custom;</message>", "restricted-xml"),
    ])
    func badXMLGetsAStreamErrorAndOthersAreUnaffected(_ input: String, _ condition: String) async throws {
        try await withLab { lab in
            let (_, address) = try await lab.startServer { $0.tls = .optional }
            let bob = try await lab.connected("bob@alpha.test", at: address)
            let raw = try await RawConnection.connect(to: address, on: lab.group.next())
            try await raw.send(RawConnection.header(to: "alpha.test"))
            _ = try await raw.waitUntil { text, _ in text.contains("</stream:features>") }
            try await raw.send(input)
            let text = try await raw.waitUntil { _, closed in closed }
            #expect(text.contains("<\(condition) xmlns='urn:ietf:params:xml:ns:xmpp-streams'"), "\(text)")
            // Another session still works.
            try await bob.ping()
        }
    }

    @Test func aDTDBeforeTheStreamIsRestrictedXML() async throws {
        try await withLab { lab in
            let (_, address) = try await lab.startServer()
            let bob = try await lab.connected("bob@alpha.test", at: address)
            let raw = try await RawConnection.connect(to: address, on: lab.group.next())
            try await raw.send("<?xml version='1.0'?><!DOCTYPE stream [<!ENTITY boom 'boom'>]>" + RawConnection.header(to: "alpha.test"))
            let text = try await raw.waitUntil { _, closed in closed }
            #expect(text.contains("<stream:stream"), "a header comes before the error")
            #expect(text.contains("<restricted-xml xmlns='urn:ietf:params:xml:ns:xmpp-streams'"), "\(text)")
            try await bob.ping()
        }
    }

    @Test func garbageBeforeTheHeaderIsAnError() async throws {
        try await withLab { lab in
            let (_, address) = try await lab.startServer()
            let raw = try await RawConnection.connect(to: address, on: lab.group.next())
            try await raw.send("GET / HTTP/1.1\r\n\r\n")
            let text = try await raw.waitUntil { _, closed in closed }
            #expect(text.contains("<stream:error>"))
            #expect(text.contains("not-well-formed"))
        }
    }

    @Test func spoofedFromIsInvalidFrom() async throws {
        try await withLab { lab in
            let (_, address) = try await lab.startServer()
            let alice = try await lab.connected("alice@alpha.test", at: address)
            alice.send(XMLElement(name: "message", namespace: XMLNamespace.client, attributes: [
                XMLAttribute(name: "from", value: "bob@alpha.test/x"),
                XMLAttribute(name: "to", value: "carol@alpha.test"),
            ]))
            await #expect(throws: ClientError.stream(.streamError(StreamError(.invalidFrom, text: "'from' must be \(alice.jid!)")))) {
                _ = try await alice.waitFor { _ in false }
            }
        }
    }

    @Test func ownBareJIDAsFromIsAccepted() async throws {
        try await withLab { lab in
            let (_, address) = try await lab.startServer()
            let alice = try await lab.connected("alice@alpha.test", at: address, resource: "a")
            let bob = try await lab.connected("bob@alpha.test", at: address, resource: "b")
            var message = XMLElement(name: "message", namespace: XMLNamespace.client, attributes: [
                XMLAttribute(name: "from", value: "alice@alpha.test"),
                XMLAttribute(name: "to", value: "bob@alpha.test/b"),
                XMLAttribute(name: "type", value: "chat"),
            ])
            message.append(XMLElement(name: "body", namespace: XMLNamespace.client, text: "hi"))
            alice.send(message)
            let received = try await bob.waitFor { $0.isMessage }
            #expect(received.from == "alice@alpha.test/a", "stamped with the full JID")
        }
    }
}
