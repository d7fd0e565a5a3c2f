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
}
