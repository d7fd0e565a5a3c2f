import Testing
import XMPPCore

@testable import XMPPProtocol

/// `SASLElement`: the wire elements of RFC 6120 §6.4.
struct SASLElementTests {
    private static let sasl = "urn:ietf:params:xml:ns:xmpp-sasl"

    static let elements: [SASLElement] = [
        .auth(mechanism: "PLAIN", initialResponse: nil),
        .auth(mechanism: "EXTERNAL", initialResponse: []),
        .auth(mechanism: "SCRAM-SHA-1", initialResponse: Array("n,,n=user,r=abc".utf8)),
        .challenge([]),
        .challenge([0, 1, 2, 255]),
        .response([]),
        .response(Array("c=biws".utf8)),
        .success(additionalData: nil),
        .success(additionalData: []),
        .success(additionalData: Array("v=rmF9pqV8S7suAoZWja4dJRkFsKQ=".utf8)),
        .failure(SASLFailure(.notAuthorized)),
        .failure(SASLFailure(.accountDisabled, text: "gone", lang: "en")),
        .abort,
    ]

    @Test(arguments: elements)
    func roundTripsThroughXMLElement(_ element: SASLElement) throws {
        #expect(try SASLElement(parsing: element.element) == element)
    }

    @Test(arguments: elements)
    func roundTripsThroughTheWire(_ element: SASLElement) throws {
        let wire = element.element.serialized(inheritedNamespace: XMLNamespace.client)
        let events = XMLStreamParser().feed(
            "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>\(wire)"
        )
        guard events.count == 2, case .element(let parsed) = events[1] else {
            Issue.record("no element parsed from \(wire): \(events)")
            return
        }
        #expect(try SASLElement(parsing: parsed) == element)
    }

    @Test func exactWireForms() {
        #expect(
            SASLElement.auth(mechanism: "PLAIN", initialResponse: Array("\0user\0pencil".utf8)).element
                .serialized(inheritedNamespace: XMLNamespace.client)
                == "<auth xmlns='\(Self.sasl)' mechanism='PLAIN'>AHVzZXIAcGVuY2ls</auth>"
        )
        #expect(
            SASLElement.auth(mechanism: "EXTERNAL", initialResponse: []).element
                .serialized(inheritedNamespace: Self.sasl) == "<auth mechanism='EXTERNAL'>=</auth>"
        )
        #expect(
            SASLElement.auth(mechanism: "SCRAM-SHA-1", initialResponse: nil).element
                .serialized(inheritedNamespace: Self.sasl) == "<auth mechanism='SCRAM-SHA-1'/>"
        )
        #expect(SASLElement.challenge([]).element.serialized(inheritedNamespace: Self.sasl) == "<challenge/>")
        #expect(SASLElement.response([]).element.serialized(inheritedNamespace: Self.sasl) == "<response/>")
        #expect(SASLElement.success(additionalData: nil).element.serialized(inheritedNamespace: Self.sasl) == "<success/>")
        #expect(SASLElement.success(additionalData: []).element.serialized(inheritedNamespace: Self.sasl) == "<success>=</success>")
        #expect(SASLElement.abort.element.serialized(inheritedNamespace: Self.sasl) == "<abort/>")
    }

    @Test func emptyResponseIsAnEqualsSign() throws {
        var auth = XMLElement(name: "auth", namespace: Self.sasl, text: "=")
        auth[attribute: "mechanism"] = "ANONYMOUS"
        #expect(try SASLElement(parsing: auth) == .auth(mechanism: "ANONYMOUS", initialResponse: []))
        #expect(try SASLElement(parsing: XMLElement(name: "response", namespace: Self.sasl, text: "=")) == .response([]))
        #expect(try SASLElement(parsing: XMLElement(name: "challenge", namespace: Self.sasl, text: "=")) == .challenge([]))
    }

    @Test(arguments: ["auth", "challenge", "response", "success"])
    func badBase64IsIncorrectEncoding(_ name: String) {
        var element = XMLElement(name: name, namespace: Self.sasl, text: "not base64!")
        element[attribute: "mechanism"] = "PLAIN"
        #expect(throws: SASLFailure(.incorrectEncoding, text: "character data is not canonical base64")) {
            try SASLElement(parsing: element)
        }
    }

    @Test func authWithoutMechanismIsMalformedRequest() {
        let missing = XMLElement(name: "auth", namespace: Self.sasl, text: "AHVzZXIAcGVuY2ls")
        #expect { try SASLElement(parsing: missing) } throws: { ($0 as? SASLFailure)?.condition == .malformedRequest }
        var empty = missing
        empty[attribute: "mechanism"] = ""
        #expect { try SASLElement(parsing: empty) } throws: { ($0 as? SASLFailure)?.condition == .malformedRequest }
    }

    @Test func otherElementsAreMalformedRequest() {
        let wrongNamespace = XMLElement(name: "auth", namespace: "jabber:iq:auth")
        let wrongName = XMLElement(name: "mechanisms", namespace: Self.sasl)
        for element in [wrongNamespace, wrongName] {
            #expect { try SASLElement(parsing: element) } throws: { ($0 as? SASLFailure)?.condition == .malformedRequest }
        }
    }

    @Test func mechanismsFeatureRoundTrips() {
        let names = ["SCRAM-SHA-256", "SCRAM-SHA-1", "PLAIN"]
        let feature = SASLElement.mechanismsFeature(names)
        #expect(
            feature.serialized(inheritedNamespace: XMLNamespace.client)
                == "<mechanisms xmlns='\(Self.sasl)'><mechanism>SCRAM-SHA-256</mechanism>"
                + "<mechanism>SCRAM-SHA-1</mechanism><mechanism>PLAIN</mechanism></mechanisms>"
        )
        #expect(SASLElement.mechanisms(in: feature) == names)
        var features = XMLElement(name: "features", namespace: XMLNamespace.streams)
        features.append(XMLElement(name: "starttls", namespace: XMLNamespace.tls))
        features.append(feature)
        #expect(SASLElement.mechanisms(in: features) == names)
        #expect(SASLElement.mechanisms(in: XMLElement(name: "features", namespace: XMLNamespace.streams)) == [])
    }

    @Test func mechanismsToleratesPrettyPrinting() {
        var feature = XMLElement(name: "mechanisms", namespace: Self.sasl)
        feature.append(text: "\n  ")
        feature.append(XMLElement(name: "mechanism", namespace: Self.sasl, text: " PLAIN\n"))
        feature.append(XMLElement(name: "mechanism", namespace: "urn:other", text: "X-OTHER"))
        feature.append(XMLElement(name: "mechanism", namespace: Self.sasl, text: "  "))
        #expect(SASLElement.mechanisms(in: feature) == ["PLAIN"])
    }
}
