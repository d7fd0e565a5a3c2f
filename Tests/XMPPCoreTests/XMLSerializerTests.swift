import Testing
@testable import XMPPCore

@Suite("XMLSerializer")
struct XMLSerializerTests {
    @Test func escapesTextAndAttributes() {
        var element = XMLElement(name: "body", namespace: XMLNamespace.client, text: "a & b < c > d ' \" \r\n\t")
        element[attribute: "id"] = "x&y<z>'\"\t\n\r"
        #expect(element.serialized(inheritedNamespace: XMLNamespace.client)
            == "<body id='x&amp;y&lt;z&gt;&apos;&quot;&#9;&#10;&#13;'>a &amp; b &lt; c &gt; d ' \" &#13;\n\t</body>")
    }

    @Test func declaresNamespacesOnlyWhereTheyChange() {
        var message = XMLElement(name: "message", namespace: XMLNamespace.client)
        message.append(XMLElement(name: "body", namespace: XMLNamespace.client, text: "hi"))
        message.append(XMLElement(name: "active", namespace: "http://jabber.org/protocol/chatstates"))
        message.append(XMLElement(name: "plain"))
        #expect(message.serialized(inheritedNamespace: XMLNamespace.client)
            == "<message><body>hi</body><active xmlns='http://jabber.org/protocol/chatstates'/><plain xmlns=''/></message>")
        #expect(message.serialized().hasPrefix("<message xmlns='jabber:client'>"))
    }

    @Test func namespacedAttributesGetPrefixes() {
        var element = XMLElement(name: "x", namespace: "urn:a")
        element.lang = "en"
        element[attribute: "flag", namespace: "urn:b"] = "1"
        element[attribute: "other", namespace: "urn:b"] = "2"
        #expect(element.serialized(inheritedNamespace: "urn:a")
            == "<x xml:lang='en' xmlns:ns0='urn:b' ns0:flag='1' ns0:other='2'/>")
    }

    @Test func charactersXMLCannotCarryBecomeReplacementCharacters() {
        let element = XMLElement(name: "body", text: "a\u{1}b\u{FFFE}c\u{FFFF}d")
        #expect(element.serialized() == "<body>a\u{FFFD}b\u{FFFD}c\u{FFFD}d</body>")
    }

    @Test func namespaceDeclarationAttributesAreNotWrittenTwice() {
        let element = XMLElement(name: "x", namespace: "urn:a", attributes: [XMLAttribute(name: "xmlns", value: "urn:evil")])
        #expect(element.serialized() == "<x xmlns='urn:a'/>")
    }

    @Test func streamHeaderOpening() {
        let header = StreamHeader(to: "bravo.test", from: "alpha.test", id: "abc", lang: "en",
                                  contentNamespace: XMLNamespace.server, namespaces: ["db": XMLNamespace.dialback])
        #expect(header.opening == "<?xml version='1.0'?><stream:stream xmlns='jabber:server' "
            + "xmlns:stream='http://etherx.jabber.org/streams' xmlns:db='jabber:server:dialback' "
            + "from='alpha.test' to='bravo.test' id='abc' version='1.0' xml:lang='en'>")
        let events = XMLStreamParser().feed(header.opening)
        #expect(events == [.streamOpened(header)])
    }

    @Test func equalityIgnoresHowTextIsSplit() {
        let a = XMLElement(name: "b", children: [.text("he"), .text(""), .text("llo")])
        let b = XMLElement(name: "b", text: "hello")
        #expect(a == b)
        #expect(a.hashValue == b.hashValue)
        #expect(a != XMLElement(name: "b", text: "hell"))
    }
}

@Suite("XMLSerializer: parse(serialize(x)) == x")
struct XMLRoundTripTests {
    static let names = ["message", "body", "x", "item", "query", "a-b", "c.d", "é", "名前"]
    static let namespaces: [String?] = [nil, XMLNamespace.client, "urn:xmpp:test", "http://jabber.org/protocol/disco#info", "urn:a&b"]
    static let alphabet: [Character] = ["a", "Z", "0", " ", "&", "<", ">", "'", "\"", "\t", "\n", "\r", "é", "日", "😀", "]", ";", "#", "="]

    static func randomText(_ random: inout SeededGenerator) -> String {
        String((0..<Int.random(in: 0...12, using: &random)).map { _ in alphabet.randomElement(using: &random)! })
    }

    static func randomElement(_ random: inout SeededGenerator, depth: Int) -> XMLElement {
        var element = XMLElement(name: names.randomElement(using: &random)!, namespace: namespaces.randomElement(using: &random)!)
        var used = Set<String>()
        for _ in 0..<Int.random(in: 0...3, using: &random) {
            let name = ["id", "to", "type", "lang", "v"].randomElement(using: &random)!
            let namespace: String? = [nil, nil, XMLNamespace.xml, "urn:attr"].randomElement(using: &random)!
            guard used.insert("\(namespace ?? "")|\(name)").inserted else { continue }
            element.attributes.append(XMLAttribute(name: name, namespace: namespace, value: randomText(&random)))
        }
        if depth < 4 {
            for _ in 0..<Int.random(in: 0...4, using: &random) {
                if Bool.random(using: &random) {
                    element.append(randomElement(&random, depth: depth + 1))
                } else {
                    element.append(text: randomText(&random))
                }
            }
        }
        return element
    }

    @Test func randomElementsRoundTrip() throws {
        var random = SeededGenerator(seed: 6120)
        for round in 0..<500 {
            let element = Self.randomElement(&random, depth: 1)
            let parser = XMLStreamParser()
            let events = parser.feed(TestStreams.header + element.serialized(inheritedNamespace: XMLNamespace.client))
            let parsed = TestStreams.stanzas(events)
            #expect(parsed == [element], "round \(round): \(element.serialized())")
            if parsed != [element] { return }
        }
    }
}

/// First-level children of a stream (RFC 6120 §4.8.3): the `stream:` prefix.
struct StreamChildSerializationTests {
    private func write(_ element: XMLElement) -> String {
        var buffer: [UInt8] = []
        XMLSerializer.serializeStreamChild(element, into: &buffer, contentNamespace: XMLNamespace.client)
        return String(decoding: buffer, as: UTF8.self)
    }

    @Test func streamNamespaceElementsUseThePrefix() {
        var features = XMLElement(name: "features", namespace: XMLNamespace.streams)
        features.append(XMLElement(name: "bind", namespace: XMLNamespace.bind))
        #expect(write(features) == "<stream:features><bind xmlns='\(XMLNamespace.bind)'/></stream:features>")
        let error = StreamError(.hostUnknown).element
        #expect(write(error) == "<stream:error><host-unknown xmlns='\(XMLNamespace.streamErrors)'/></stream:error>")
    }

    @Test func stanzasInheritTheContentNamespace() {
        let message = XMLElement(name: "message", namespace: XMLNamespace.client, attributes: [XMLAttribute(name: "to", value: "a@b")])
        #expect(write(message) == "<message to='a@b'/>")
    }

    @Test func prefixedOutputParsesBackToTheSameElement() {
        var features = XMLElement(name: "features", namespace: XMLNamespace.streams)
        features.append(XMLElement(name: "starttls", namespace: XMLNamespace.tls))
        let parser = XMLStreamParser()
        let header = StreamHeader(to: "a.test").opening
        let events = parser.feed(header + write(features))
        #expect(events.count == 2)
        #expect(events.last == .element(features))
    }
}

struct NamespaceReplacementTests {
    @Test func movesTheStanzaAndItsChildrenButNotForeignPayloads() {
        var message = XMLElement(name: "message", namespace: XMLNamespace.client)
        message.append(XMLElement(name: "body", namespace: XMLNamespace.client, text: "hi"))
        message.append(XMLElement(name: "x", namespace: "urn:example"))
        let moved = message.replacingNamespace(XMLNamespace.client, with: XMLNamespace.server)
        #expect(moved.namespace == XMLNamespace.server)
        #expect(moved.child("body", namespace: XMLNamespace.server)?.text == "hi")
        #expect(moved.child("x", namespace: "urn:example") != nil)
        #expect(moved.replacingNamespace(XMLNamespace.server, with: XMLNamespace.client) == message)
    }
}

/// Prefixes a stream header declared (`db:` for dialback, XEP-0220 examples).
struct DeclaredPrefixSerializationTests {
    @Test func dialbackElementsUseTheDeclaredPrefix() {
        var result = XMLElement(name: "result", namespace: XMLNamespace.dialback, attributes: [
            XMLAttribute(name: "from", value: "a.test"), XMLAttribute(name: "to", value: "b.test"), XMLAttribute(name: "type", value: "error"),
        ])
        result.append(XMLElement(name: "error", namespace: XMLNamespace.server, attributes: [XMLAttribute(name: "type", value: "cancel")]))
        var buffer: [UInt8] = []
        XMLSerializer.serializeStreamChild(result, into: &buffer, contentNamespace: XMLNamespace.server, prefixes: [XMLNamespace.dialback: "db"])
        let text = String(decoding: buffer, as: UTF8.self)
        #expect(text == "<db:result from='a.test' to='b.test' type='error'><error type='cancel'/></db:result>")
        // It parses back to the same element inside a stream that declares the prefix.
        let header = StreamHeader(to: "b.test", from: "a.test", contentNamespace: XMLNamespace.server, namespaces: ["db": XMLNamespace.dialback])
        let events = XMLStreamParser().feed(header.opening + text)
        #expect(events.last == .element(result))
    }
}
