import Testing
@testable import XMPPCore

@Suite("XMLStreamParser: events")
struct XMLStreamParserTests {
    @Test func streamHeaderIsReadWithAttributesAndNamespaces() throws {
        let events = TestStreams.events(TestStreams.rich)
        guard case .streamOpened(let header)? = events.first else {
            Issue.record("no stream header: \(events)")
            return
        }
        #expect(header.from == "alpha.test")
        #expect(header.to == "bravo.test")
        #expect(header.id == "a&b")
        #expect(header.version == "1.0")
        #expect(header.lang == "en")
        #expect(header.contentNamespace == XMLNamespace.client)
        #expect(header.namespaces == ["db": XMLNamespace.dialback])
    }

    @Test func stanzasArriveCompleteAndInOrder() throws {
        let events = TestStreams.events(TestStreams.rich)
        let stanzas = TestStreams.stanzas(events)
        try #require(stanzas.map(\.name) == ["message", "presence", "iq", "result", "message"])
        #expect(events.last == .streamClosed)

        let message = stanzas[0]
        #expect(message.namespace == XMLNamespace.client)
        #expect(message[attribute: "id"] == "é1")
        #expect(message.child("body")?.text == "Grüße, 日本 😀 & <tags> 😀 é")
        #expect(message.child("thread")?[attribute: "parent"] == "p'1")
        #expect(message.child("thread")?.text == "t\"1")

        let presence = stanzas[1]
        #expect(presence.child("status")?.text == "<raw> & text")
        #expect(presence.child("c")?.namespace == "http://jabber.org/protocol/caps")

        let query = try #require(stanzas[2].child("query"))
        #expect(query.namespace == XMLNamespace.roster)
        #expect(query[attribute: "flag", namespace: "urn:x"] == "yes")

        #expect(stanzas[3].namespace == XMLNamespace.dialback)
        #expect(stanzas[3].text == "98AF014EDC0")

        #expect(stanzas[4].lang == "de")
        let field = try #require(stanzas[4].child("data")?.child("field"))
        #expect(field.namespace == "urn:x")
        #expect(field[attribute: "var", namespace: "urn:x"] == "1")
    }

    @Test func attributeReferencesAreDecoded() {
        let events = TestStreams.events(TestStreams.header + "<message id='a&amp;b&#38;c&lt;&gt;&quot;&apos;&#x41;&#66;'/>")
        let stanza = TestStreams.stanzas(events).first
        #expect(stanza?[attribute: "id"] == "a&b&c<>\"'AB")
    }

    @Test func anyPrefixMayNameTheStreamsNamespace() {
        let events = TestStreams.events("<s:stream xmlns:s='http://etherx.jabber.org/streams' xmlns='jabber:server'><s:features/></s:stream>")
        #expect(TestStreams.failure(events) == nil)
        #expect(TestStreams.stanzas(events).first?.namespace == XMLNamespace.streams)
        #expect(events.last == .streamClosed)
    }

    @Test func eventsBeforeAnErrorAreKept() {
        let events = TestStreams.events(TestStreams.header + "<message id='1'/><presence></message>")
        #expect(TestStreams.stanzas(events).count == 1)
        #expect(TestStreams.failure(events) == .notWellFormed)
    }

    @Test func nothingIsParsedAfterTheStreamCloses() {
        let parser = XMLStreamParser()
        let events = parser.feed(TestStreams.header + "</stream:stream>")
        #expect(events.last == .streamClosed)
        #expect(parser.feed("<message/>garbage<<<").isEmpty)
    }

    @Test func whitespaceBetweenStanzasIsAKeepalive() {
        let parser = XMLStreamParser()
        var events = parser.feed(TestStreams.header)
        for _ in 0..<1000 { events += parser.feed(" \n\t ") }
        events += parser.feed("<message/>")
        #expect(TestStreams.failure(events) == nil)
        #expect(TestStreams.stanzas(events).count == 1)
    }

    @Test func characterDataBetweenStanzasIsBadFormat() {
        let events = TestStreams.events(TestStreams.header + "<message/>hello<message/>")
        #expect(TestStreams.failure(events) == .badFormat)
    }

    @Test func resetStartsANewStream() {
        let parser = XMLStreamParser()
        var events = parser.feed(TestStreams.header + "<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>")
        #expect(TestStreams.stanzas(events).first?.name == "starttls")
        parser.reset()
        events = parser.feed(TestStreams.header + "<message/>")
        guard case .streamOpened? = events.first else {
            Issue.record("no new header after reset: \(events)")
            return
        }
        #expect(TestStreams.stanzas(events).count == 1)
    }

    @Test func resetRecoversAFailedParser() {
        let parser = XMLStreamParser()
        #expect(TestStreams.failure(parser.feed("<<<<<<<<<<>>>>>>")) == .notWellFormed)
        parser.reset()
        #expect(TestStreams.failure(parser.feed(TestStreams.header + "<message/>")) == nil)
    }
}
