import LabNet
import Testing
import XMPPCore
import XMPPServer

/// XEP-0198 as the server speaks it on the wire, from a raw connection
/// (SASL ANONYMOUS without TLS, so the bytes are readable): every `<failed/>`
/// condition and stream error the XEP asks for.
@Suite struct StreamManagementWireTests {
    /// A raw c2s stream authenticated with ANONYMOUS; `expect` waits for text
    /// after what was already read.
    final class Wire: @unchecked Sendable {
        let raw: RawConnection
        private var consumed = 0

        init(_ raw: RawConnection) { self.raw = raw }

        /// Sends `text` and returns what arrives up to and including `until`.
        @discardableResult
        func exchange(_ text: String, until needle: String) async throws -> String {
            if !text.isEmpty { try await raw.send(text) }
            let start = consumed
            let all = try await raw.waitUntil { received, closed in
                closed || received.utf8.count > start && String(received.utf8.dropFirst(start))!.contains(needle)
            }
            let fresh = String(all.utf8.dropFirst(start)) ?? ""
            guard let range = fresh.range(of: needle) else {
                Issue.record("waited for \(needle), got: \(fresh)")
                return fresh
            }
            consumed = start + fresh[..<range.upperBound].utf8.count
            return String(fresh[..<range.upperBound])
        }

        static func open(_ lab: TestLab, _ address: NetworkAddress) async throws -> Wire {
            let wire = Wire(try await RawConnection.connect(to: address, on: lab.group.next()))
            try await wire.exchange(RawConnection.header(to: "alpha.test"), until: "</stream:features>")
            try await wire.exchange("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='ANONYMOUS'>=</auth>", until: "<success")
            let features = try await wire.exchange(RawConnection.header(to: "alpha.test"), until: "</stream:features>")
            #expect(features.contains("<sm xmlns='urn:xmpp:sm:3'/>"))
            return wire
        }

        func bind() async throws {
            try await exchange(
                "<iq type='set' id='b1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>r</resource></bind></iq>",
                until: "</iq>")
        }
    }

    static func startServer(_ lab: TestLab) async throws -> NetworkAddress {
        let (_, address) = try await lab.startServer {
            $0.tls = .disabled
            $0.saslMechanisms = ["ANONYMOUS"]
        }
        return address
    }

    @Test func enablingBeforeBindingIsAnUnexpectedRequest() async throws {
        try await withLab { lab in
            let wire = try await Wire.open(lab, try await Self.startServer(lab))
            let failed = try await wire.exchange("<enable xmlns='urn:xmpp:sm:3' resume='true'/>", until: "</failed>")
            #expect(failed.contains("<unexpected-request xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>"))
            // The stream goes on: binding still works.
            try await wire.bind()
            let enabled = try await wire.exchange("<enable xmlns='urn:xmpp:sm:3' resume='true'/>", until: "/>")
            #expect(enabled.contains("<enabled xmlns='urn:xmpp:sm:3' id='"))
            #expect(enabled.contains("resume='true' max='300'"))
            await wire.raw.close()
        }
    }

    @Test func enablingTwiceIsAnUnexpectedRequest() async throws {
        try await withLab { lab in
            let wire = try await Wire.open(lab, try await Self.startServer(lab))
            try await wire.bind()
            try await wire.exchange("<enable xmlns='urn:xmpp:sm:3'/>", until: "<enabled xmlns='urn:xmpp:sm:3'/>")
            let failed = try await wire.exchange("<enable xmlns='urn:xmpp:sm:3'/>", until: "</failed>")
            #expect(failed.contains("<unexpected-request"))
            await wire.raw.close()
        }
    }

    @Test func resumingAnUnknownSessionIsItemNotFound() async throws {
        try await withLab { lab in
            let wire = try await Wire.open(lab, try await Self.startServer(lab))
            let failed = try await wire.exchange("<resume xmlns='urn:xmpp:sm:3' previd='no-such-session' h='0'/>", until: "</failed>")
            #expect(failed.contains("<item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>"))
            // A new session can be bound instead.
            try await wire.bind()
            #expect(wire.raw.received.contains("<jid>"))
            await wire.raw.close()
        }
    }

    @Test func acksCountTheClientsStanzas() async throws {
        try await withLab { lab in
            let wire = try await Wire.open(lab, try await Self.startServer(lab))
            try await wire.bind()
            try await wire.exchange("<enable xmlns='urn:xmpp:sm:3'/>", until: "/>")
            #expect(try await wire.exchange("<r xmlns='urn:xmpp:sm:3'/>", until: "/>").contains("<a xmlns='urn:xmpp:sm:3' h='0'/>"))
            try await wire.exchange("<iq type='get' id='p1'><ping xmlns='urn:xmpp:ping'/></iq>", until: "id='p1'")
            try await wire.exchange("<presence/>", until: "<presence")
            #expect(try await wire.exchange("<r xmlns='urn:xmpp:sm:3'/>", until: "h='2'/>").contains("<a xmlns='urn:xmpp:sm:3' h='2'/>"))
            await wire.raw.close()
        }
    }

    @Test func ackingMoreThanWasSentClosesTheStream() async throws {
        try await withLab { lab in
            let wire = try await Wire.open(lab, try await Self.startServer(lab))
            try await wire.bind()
            try await wire.exchange("<enable xmlns='urn:xmpp:sm:3'/>", until: "/>")
            let text = try await wire.exchange("<a xmlns='urn:xmpp:sm:3' h='5'/>", until: "</stream:stream>")
            #expect(text.contains("<undefined-condition xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>"))
            #expect(text.contains("<handled-count-too-high xmlns='urn:xmpp:sm:3' h='5' send-count='0'/>"))
        }
    }

    @Test func aMalformedAckIsBadFormat() async throws {
        try await withLab { lab in
            let wire = try await Wire.open(lab, try await Self.startServer(lab))
            try await wire.bind()
            try await wire.exchange("<enable xmlns='urn:xmpp:sm:3'/>", until: "/>")
            let text = try await wire.exchange("<a xmlns='urn:xmpp:sm:3' h='many'/>", until: "</stream:stream>")
            #expect(text.contains("<bad-format xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>"))
        }
    }

    @Test func acksBeforeEnablingAreUnexpected() async throws {
        try await withLab { lab in
            let wire = try await Wire.open(lab, try await Self.startServer(lab))
            try await wire.bind()
            let failed = try await wire.exchange("<r xmlns='urn:xmpp:sm:3'/>", until: "</failed>")
            #expect(failed.contains("<unexpected-request"))
            await wire.raw.close()
        }
    }
}
