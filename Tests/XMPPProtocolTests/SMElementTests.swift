import Testing
import XMPPCore

@testable import XMPPProtocol

/// The XEP-0198 elements: each parses from and serializes to its wire form,
/// and a malformed one is an error the stream can close on.
struct SMElementTests {
    static let all: [SMElement] = [
        .feature,
        .enable(resume: false, max: nil),
        .enable(resume: true, max: 300),
        .enabled(id: "some-long-sm-id", resume: true, max: 600, location: "[2001:41D0:1:A49b::1]:9222"),
        .enabled(id: nil, resume: false, max: nil, location: nil),
        .request,
        .ack(h: 0),
        .ack(h: UInt32.max),
        .resume(previd: "some-long-sm-id", h: 62),
        .resumed(previd: "some-long-sm-id", h: 4_294_967_290),
        .failed(condition: .itemNotFound, h: 3),
        .failed(condition: .unexpectedRequest, h: nil),
        .failed(condition: nil, h: nil),
    ]

    @Test(arguments: all)
    func roundTrip(_ element: SMElement) throws {
        let wire = element.element
        #expect(wire.namespace == XMLNamespace.streamManagement)
        #expect(try SMElement(parsing: wire) == element)
        // And through real XML text.
        let reparsed = try parsed(wire.serialized(inheritedNamespace: XMLNamespace.client))
        #expect(try SMElement(parsing: reparsed) == element)
    }

    @Test func theXEPsExamplesParse() throws {
        #expect(try SMElement(parsing: parsed("<enable xmlns='urn:xmpp:sm:3' resume='true'/>"))
            == .enable(resume: true, max: nil))
        #expect(try SMElement(parsing: parsed("<a xmlns='urn:xmpp:sm:3' h='1'/>")) == .ack(h: 1))
        let failed = try parsed(
            "<failed xmlns='urn:xmpp:sm:3' h='another-sequence-number'><item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></failed>")
        #expect(throws: SMElementError.self) { try SMElement(parsing: failed) }
    }

    @Test func otherNamespacesAreNotStreamManagement() throws {
        #expect(try SMElement(parsing: XMLElement(name: "r", namespace: XMLNamespace.client)) == nil)
    }

    @Test(arguments: [
        "<a xmlns='urn:xmpp:sm:3'/>",
        "<a xmlns='urn:xmpp:sm:3' h='-1'/>",
        "<a xmlns='urn:xmpp:sm:3' h='4294967296'/>",
        "<a xmlns='urn:xmpp:sm:3' h='ten'/>",
        "<resume xmlns='urn:xmpp:sm:3' h='1'/>",
        "<resume xmlns='urn:xmpp:sm:3' previd='' h='1'/>",
        "<resumed xmlns='urn:xmpp:sm:3' previd='x'/>",
        "<enable xmlns='urn:xmpp:sm:3' max='soon'/>",
        "<nonsense xmlns='urn:xmpp:sm:3'/>",
    ])
    func malformedElementsAreErrors(_ text: String) throws {
        let element = try parsed(text)
        #expect(throws: SMElementError.self) { try SMElement(parsing: element) }
    }
}

struct NoElementParsed: Error {}

/// `text` read as the first element of a c2s stream.
func parsed(_ text: String) throws -> XMLElement {
    let events = XMLStreamParser().feed(
        "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>" + text)
    guard events.count == 2, case .element(let element) = events[1] else { throw NoElementParsed() }
    return element
}
