import Testing
@testable import XMPPCore

/// The exact trees the parser builds: children in order, one text node per
/// run of character data, names from the name cache, and the builder's
/// buffers past their first sizes and after a reset.
@Suite("XMLStreamParser: tree shape")
struct XMLStreamParserTreeTests {
    @Test func childrenKeepOrderAndEachTextRunIsOneNode() throws {
        let events = TestStreams.events(TestStreams.header + "<message>a<b/>c&amp;d&#33;<e>x</e><![CDATA[y]]>z</message>")
        let message = try #require(TestStreams.stanzas(events).first)
        // Compared as a list of nodes, not with XMLElement's equality (which
        // merges adjacent text nodes).
        #expect(message.children == [
            .text("a"),
            .element(XMLElement(name: "b", namespace: XMLNamespace.client)),
            .text("c&d!"),
            .element(XMLElement(name: "e", namespace: XMLNamespace.client, children: [.text("x")])),
            .text("yz"),
        ])
    }

    @Test func elementWithManyChildren() throws {
        let items = (0..<1_000).map { "<item n='\($0)'>\($0)</item>" }.joined()
        let events = TestStreams.events(TestStreams.header + "<iq><query>\(items)</query></iq><message><body>next</body></message>")
        #expect(TestStreams.failure(events) == nil)
        let stanzas = TestStreams.stanzas(events)
        try #require(stanzas.count == 2)
        let children = try #require(stanzas[0].child("query")).elements
        #expect(children.count == 1_000)
        #expect(children.enumerated().allSatisfy { $0.element[attribute: "n"] == "\($0.offset)" && $0.element.text == "\($0.offset)" })
        #expect(stanzas[1] == XMLElement(name: "message", namespace: XMLNamespace.client, children: [
            .element(XMLElement(name: "body", namespace: XMLNamespace.client, text: "next")),
        ]))
    }

    @Test func nestingAsDeepAsTheLimit() throws {
        let depth = XMLStreamParser.Limits().maxDepth
        let text = String(repeating: "<a>", count: depth) + "deep" + String(repeating: "</a>", count: depth)
        let events = TestStreams.events(TestStreams.header + text + "<b/>")
        #expect(TestStreams.failure(events) == nil)
        var element = try #require(TestStreams.stanzas(events).first)
        for _ in 1..<depth { element = try #require(element.child("a")) }
        #expect(element.text == "deep")
        #expect(TestStreams.stanzas(events).last?.name == "b")
    }

    @Test func manyDistinctNamesAndNamespaces() throws {
        // More names than the name cache has slots: evicted names come back
        // right, every time.
        var text = TestStreams.header
        for round in 0..<3 {
            for index in 0..<300 {
                text += "<n\(index) xmlns='urn:ns\(index % 150)&amp;x' a\(index)='v\(index)-\(round)'/>"
            }
        }
        let stanzas = TestStreams.stanzas(TestStreams.events(text))
        try #require(stanzas.count == 900)
        for (position, stanza) in stanzas.enumerated() {
            let index = position % 300
            #expect(stanza.name == "n\(index)")
            #expect(stanza.namespace == "urn:ns\(index % 150)&x")
            #expect(stanza.attributes == [XMLAttribute(name: "a\(index)", value: "v\(index)-\(position / 300)")])
        }
    }

    @Test func resetInTheMiddleOfAStanza() {
        let parser = XMLStreamParser()
        _ = parser.feed(TestStreams.header + "<message><body>half a text<x><y>")
        parser.reset()
        let events = parser.feed(TestStreams.header + "<message><body>whole</body></message>")
        #expect(TestStreams.failure(events) == nil)
        #expect(TestStreams.stanzas(events) == [XMLElement(name: "message", namespace: XMLNamespace.client, children: [
            .element(XMLElement(name: "body", namespace: XMLNamespace.client, text: "whole")),
        ])])
    }

    @Test func longTextRunsAndTextAfterThem() throws {
        let long = String(repeating: "0123456789", count: 1_000)
        let events = TestStreams.events(TestStreams.header + "<message><body>\(long)&amp;\(long)</body></message><message><body>short</body></message>")
        let stanzas = TestStreams.stanzas(events)
        try #require(stanzas.count == 2)
        #expect(stanzas[0].child("body")?.children == [.text(long + "&" + long)])
        #expect(stanzas[1].child("body")?.children == [.text("short")])
    }

    @Test func recurringValuesAndLeafTextsComeBackRight() throws {
        // More distinct values than the recurring-text cache holds, each
        // sent three times: evicted ones come back right. The pairs share
        // their length and their first, middle and last eight bytes (what
        // the cache hashes), so only the byte comparison tells them apart.
        let distinct = 3 * RecurringTextCache.slots
        func value(_ index: Int) -> String {
            let tag = String(index).padded(to: 4)
            return "prefix-" + tag + "--------middle--" + String(index % 2) + "-----suffix--"
        }
        func text(_ index: Int) -> String { index % 3 == 0 ? "t\(index)" : "a longer leaf text number \(index)" }
        var stream = TestStreams.header
        for round in 0..<3 {
            for index in 0..<distinct {
                stream += "<message from='\(value(index))' id='\(round)'><thread>\(text(index))</thread>"
                    + "<body>x&amp;\(text(index))</body><subject>\(text(index))</subject></message>"
            }
        }
        let stanzas = TestStreams.stanzas(TestStreams.events(stream))
        try #require(stanzas.count == 3 * distinct)
        for (position, stanza) in stanzas.enumerated() {
            let index = position % distinct
            #expect(stanza[attribute: "from"] == value(index))
            #expect(stanza.child("thread")?.children == [.text(text(index))])
            #expect(stanza.child("body")?.children == [.text("x&" + text(index))])
            #expect(stanza.child("subject")?.text == text(index))
        }
    }

    @Test func attributeValuesWithAmpersandsAndLongValues() throws {
        let long = String(repeating: "v", count: RecurringTextCache.maxLength + 1)
        let events = TestStreams.events(TestStreams.header
            + "<message from='alice@alpha.test/a&amp;b' to='\(long)'/><message from='alice@alpha.test/a&amp;b' to='\(long)'/>")
        let stanzas = TestStreams.stanzas(events)
        try #require(stanzas.count == 2)
        for stanza in stanzas {
            #expect(stanza.attributes == [
                XMLAttribute(name: "from", value: "alice@alpha.test/a&b"),
                XMLAttribute(name: "to", value: long),
            ])
        }
    }

    @Test func sharedLeafChildrenAreCopiedOnWrite() throws {
        let events = TestStreams.events(TestStreams.header
            + "<presence><show>away</show></presence><presence><show>away</show></presence>")
        var stanzas = TestStreams.stanzas(events)
        try #require(stanzas.count == 2)
        guard case .element(var show) = stanzas[0].children[0] else { Issue.record("no <show/>"); return }
        show.append(text: "!")
        stanzas[0].children[0] = .element(show)
        #expect(stanzas[0].child("show")?.text == "away!")
        #expect(stanzas[1].child("show")?.text == "away")
        #expect(TestStreams.stanzas(events)[0].child("show")?.text == "away")
    }

    @Test func topLevelTextsSuchAsSASLPayloadsAreNotKept() throws {
        let parser = XMLStreamParser()
        let payload = "AGFsaWNlAHNlY3JldC1wYXNzd29yZA=="
        let text = TestStreams.header + "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>\(payload)</auth>"
            + "<presence><show>away</show></presence>"
        let events = Array(text.utf8).withUnsafeBytes { parser.feed($0) }
        #expect(events.count == 3)
        #expect(!parser.keepsRecurringText(payload))
        // A leaf inside a stanza is kept.
        #expect(parser.keepsRecurringText("away"))
    }
}

private extension String {
    func padded(to width: Int) -> String {
        String(repeating: "0", count: max(0, width - count)) + self
    }
}
