import Testing
import XMPPCore

@testable import XMPPProtocol

/// `DialbackElement` and `DialbackFeature`: the wire forms of XEP-0220.
struct DialbackElementTests {
    static let key = DialbackKey("b4835385f37fe2895af6c196b59097b16862406db80559900d96bf6fa7d23df3")

    static let elements: [DialbackElement] = [
        .result(from: "capulet.example", to: "montague.example", .key(key)),
        .result(from: "montague.example", to: "capulet.example", .valid),
        .result(from: "montague.example", to: "capulet.example", .invalid),
        .result(from: "montague.example", to: "capulet.example", .error(StanzaError(.itemNotFound, type: .cancel))),
        .result(from: "montague.example", to: "capulet.example", .error(StanzaError(.remoteServerTimeout, text: "slow"))),
        .verify(from: "capulet.example", to: "montague.example", id: "417GAF25", .key(key)),
        .verify(from: "montague.example", to: "capulet.example", id: "417GAF25", .valid),
        .verify(from: "montague.example", to: "capulet.example", id: "417GAF25", .invalid),
        .verify(from: "montague.example", to: "capulet.example", id: "417GAF25", .error(StanzaError(.itemNotFound, type: .cancel))),
    ]

    @Test(arguments: elements)
    func roundTripsThroughXMLElement(_ element: DialbackElement) throws {
        #expect(try DialbackElement(parsing: element.element) == element)
    }

    @Test(arguments: elements)
    func roundTripsThroughTheWire(_ element: DialbackElement) throws {
        let events = XMLStreamParser().feed(
            "<stream:stream xmlns='jabber:server' xmlns:db='jabber:server:dialback' "
                + "xmlns:stream='http://etherx.jabber.org/streams'>"
                + element.element.serialized(inheritedNamespace: XMLNamespace.server))
        guard events.count == 2, case .element(let parsed) = events[1] else {
            Issue.record("no element parsed: \(events)")
            return
        }
        #expect(try DialbackElement(parsing: parsed) == element)
    }

    @Test func readsTheXEPsExampleWithWhitespaceAroundTheKey() throws {
        let events = XMLStreamParser().feed(
            """
            <stream:stream xmlns='jabber:server' xmlns:db='jabber:server:dialback' \
            xmlns:stream='http://etherx.jabber.org/streams'><db:result
                from='capulet.example'
                to='montague.example'>
              b4835385f37fe2895af6c196b59097b16862406db80559900d96bf6fa7d23df3
            </db:result><db:verify from='montague.example' id='417GAF25' to='capulet.example' type='error'>
              <error type='cancel'><item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error>
            </db:verify>
            """)
        guard events.count == 3, case .element(let result) = events[1], case .element(let verify) = events[2] else {
            Issue.record("unexpected events: \(events)")
            return
        }
        #expect(try DialbackElement(parsing: result) == .result(from: "capulet.example", to: "montague.example", .key(Self.key)))
        #expect(
            try DialbackElement(parsing: verify)
                == .verify(from: "montague.example", to: "capulet.example", id: "417GAF25", .error(StanzaError(.itemNotFound, type: .cancel))))
    }

    @Test func wireForms() {
        let request = DialbackElement.result(from: "capulet.example", to: "montague.example", .key(DialbackKey("abc")))
        #expect(
            request.element.serialized(inheritedNamespace: XMLNamespace.dialback)
                == "<result from='capulet.example' to='montague.example'>abc</result>")
        let error = DialbackElement.result(from: "montague.example", to: "capulet.example", .error(StanzaError(.itemNotFound)))
        let child = error.element.child("error")
        #expect(child?.namespace == XMLNamespace.server)
        #expect(child?[attribute: "type"] == "cancel")
        #expect(child?.child("item-not-found", namespace: XMLNamespace.stanzaErrors) != nil)
        let verify = DialbackElement.verify(from: "a.example", to: "b.example", id: "x", .valid).element
        #expect(verify[attribute: "id"] == "x")
        #expect(verify[attribute: "type"] == "valid")
        #expect(verify.children.isEmpty)
    }

    @Test func answersSwapAddressesAndKeepTheID() {
        let request = DialbackElement.verify(from: "capulet.example", to: "montague.example", id: "417GAF25", .key(Self.key))
        #expect(request.answer(.valid) == .verify(from: "montague.example", to: "capulet.example", id: "417GAF25", .valid))
    }

    static func element(_ name: String, namespace: String = XMLNamespace.dialback, _ attributes: [(String, String)], text: String = "") -> XMLElement {
        var element = XMLElement(name: name, namespace: namespace, text: text)
        for (key, value) in attributes { element[attribute: key] = value }
        return element
    }

    static let invalid: [(XMLElement, StreamErrorCondition)] = [
        (element("result", namespace: "jabber:server", [("from", "a.example"), ("to", "b.example")], text: "k"), .invalidNamespace),
        (element("bogus", [("from", "a.example"), ("to", "b.example")], text: "k"), .badFormat),
        (element("result", [("to", "b.example")], text: "k"), .improperAddressing),
        (element("result", [("from", "a.example")], text: "k"), .improperAddressing),
        (element("result", [("from", "juliet@a.example"), ("to", "b.example")], text: "k"), .invalidFrom),
        (element("result", [("from", "a..example"), ("to", "b.example")], text: "k"), .invalidFrom),
        (element("result", [("from", "a.example"), ("to", "b.example/r")], text: "k"), .improperAddressing),
        (element("result", [("from", "a.example"), ("to", "b.example")], text: "  \n"), .badFormat),
        (element("result", [("from", "a.example"), ("to", "b.example"), ("type", "maybe")]), .badFormat),
        (element("result", [("from", "a.example"), ("to", "b.example"), ("type", "error")]), .badFormat),
        (element("verify", [("from", "a.example"), ("to", "b.example")], text: "k"), .badFormat),
    ]

    @Test(arguments: 0..<invalid.count)
    func badInputNamesTheStreamError(_ index: Int) {
        let (element, condition) = Self.invalid[index]
        #expect(throws: StreamError.self) { try DialbackElement(parsing: element) }
        do {
            _ = try DialbackElement(parsing: element)
        } catch {
            #expect(error.condition == condition)
        }
    }

    @Test func feature() {
        let feature = DialbackFeature.element
        #expect(
            feature.serialized(inheritedNamespace: XMLNamespace.server)
                == "<dialback xmlns='urn:xmpp:features:dialback'><errors/></dialback>")
        #expect(DialbackFeature.advertisesErrors(in: [feature]))
        #expect(!DialbackFeature.advertisesErrors(in: [XMLElement(name: "dialback", namespace: XMLNamespace.dialbackFeature)]))
        #expect(!DialbackFeature.advertisesErrors(in: []))
    }
}
