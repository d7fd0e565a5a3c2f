import Testing
@testable import XMPPCore

/// RFC 6120 §11: what an XMPP stream may not contain, and the condition each
/// violation gets.
@Suite("XMLStreamParser: restricted and malformed input")
struct XMLStreamParserRestrictionTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let input: String
        let condition: StreamErrorCondition
        var testDescription: String { name }
    }

    static let header = TestStreams.header

    static let restricted: [Case] = [
        Case(name: "DOCTYPE before the stream", input: "<!DOCTYPE stream:stream>" + header, condition: .restrictedXML),
        Case(name: "DOCTYPE after the XML declaration",
             input: "<?xml version='1.0'?><!DOCTYPE x SYSTEM 'http://example.com/x.dtd'>" + header, condition: .restrictedXML),
        Case(name: "internal subset with an entity",
             input: "<?xml version='1.0'?><!DOCTYPE s [<!ENTITY e 'x'>]>" + header, condition: .restrictedXML),
        Case(name: "comment before the stream", input: "<!-- hi -->" + header, condition: .restrictedXML),
        Case(name: "comment inside a stanza", input: header + "<message><!-- hi --></message>", condition: .restrictedXML),
        Case(name: "comment between stanzas", input: header + "<message/><!-- hi --><message/>", condition: .restrictedXML),
        Case(name: "processing instruction before the stream",
             input: "<?xml version='1.0'?><?xml-stylesheet href='a.xsl'?>" + header, condition: .restrictedXML),
        Case(name: "processing instruction inside a stanza", input: header + "<message><?php echo 1; ?></message>", condition: .restrictedXML),
        Case(name: "undeclared entity in text", input: header + "<message><body>&nbsp;</body></message>", condition: .restrictedXML),
        Case(name: "undeclared entity in an attribute", input: header + "<message id='&xxe;'/>", condition: .restrictedXML),
        Case(name: "DOCTYPE inside the stream", input: header + "<!DOCTYPE x><message/>", condition: .notWellFormed),
    ]

    static let malformed: [Case] = [
        Case(name: "mismatched end tag", input: header + "<message><body></message>", condition: .notWellFormed),
        Case(name: "unquoted attribute", input: header + "<message id=1/>", condition: .notWellFormed),
        Case(name: "'<' in an attribute value", input: header + "<message id='a<b'/>", condition: .notWellFormed),
        Case(name: "bare ampersand in text", input: header + "<message><body>a & b</body></message>", condition: .notWellFormed),
        Case(name: "duplicate attribute", input: header + "<message id='1' id='2'/>", condition: .notWellFormed),
        Case(name: "character reference to NUL", input: header + "<message><body>&#0;</body></message>", condition: .notWellFormed),
        Case(name: "character reference to a surrogate", input: header + "<message><body>&#xD800;</body></message>", condition: .notWellFormed),
        Case(name: "control character in text", input: header + "<message><body>\u{01}</body></message>", condition: .notWellFormed),
        Case(name: "garbage instead of a stream", input: "HELLO / HTTP/1.1\r\n", condition: .notWellFormed),
        Case(name: "stray end tag", input: header + "</message>", condition: .notWellFormed),
        Case(name: "unterminated comment", input: header + "<message><!-- never ends", condition: .restrictedXML),
        Case(name: "unterminated processing instruction", input: header + "<message><?never", condition: .restrictedXML),
        Case(name: "reference that never ends", input: header + "<message><body>&" + String(repeating: "a", count: 40), condition: .notWellFormed),
        Case(name: "bare ampersand in an attribute", input: header + "<message id='a & b'/>", condition: .notWellFormed),
    ]

    static let namespaces: [Case] = [
        Case(name: "wrong streams namespace",
             input: "<stream:stream xmlns:stream='http://etherx.jabber.org/WRONG' xmlns='jabber:client'>", condition: .invalidNamespace),
        Case(name: "root in no namespace", input: "<stream xmlns=''>", condition: .invalidNamespace),
        Case(name: "root is not 'stream'",
             input: "<stream:features xmlns:stream='http://etherx.jabber.org/streams'>", condition: .invalidNamespace),
        Case(name: "undeclared element prefix", input: header + "<foo:message/>", condition: .badNamespacePrefix),
        Case(name: "undeclared attribute prefix", input: header + "<message foo:id='1'/>", condition: .badNamespacePrefix),
        Case(name: "undeclared stream prefix", input: "<stream:stream xmlns='jabber:client'>", condition: .badNamespacePrefix),
        Case(name: "xml prefix bound to another namespace",
             input: header + "<message xmlns:xml='urn:other'/>", condition: .badNamespacePrefix),
    ]

    static let encodings: [Case] = [
        Case(name: "ISO-8859-1 declared", input: "<?xml version='1.0' encoding='ISO-8859-1'?>" + header.dropFirst(21), condition: .unsupportedEncoding),
        Case(name: "unknown encoding declared", input: "<?xml version='1.0' encoding='X-NOPE'?>" + header.dropFirst(21), condition: .unsupportedEncoding),
    ]

    @Test(arguments: restricted + malformed + namespaces + encodings)
    func inputEndsTheStreamWithTheRightCondition(_ testCase: Case) {
        let events = TestStreams.events(testCase.input)
        #expect(TestStreams.failure(events) == testCase.condition, "\(events)")
    }

    @Test(arguments: restricted + malformed + namespaces + encodings)
    func sameConditionWhenFedOneByteAtATime(_ testCase: Case) {
        let bytes = Array(testCase.input.utf8)
        let events = TestStreams.events(bytes, splitAt: Array(1..<bytes.count))
        #expect(TestStreams.failure(events) == testCase.condition, "\(events)")
    }

    @Test func invalidUTF8IsNotWellFormed() {
        for bad: [UInt8] in [[0xC3, 0x28], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xFF], [0xF8, 0x88, 0x80, 0x80, 0x80]] {
            let bytes = Array((TestStreams.header + "<message><body>").utf8) + bad + Array("</body></message>".utf8)
            let events = XMLStreamParser().feed(bytes)
            #expect(TestStreams.failure(events) == .notWellFormed, "bytes \(bad)")
            #expect(TestStreams.stanzas(events).isEmpty)
        }
    }

    @Test func utf16IsAnUnsupportedEncoding() {
        let units = Array(TestStreams.header.utf16)
        var bigEndian: [UInt8] = [0xFE, 0xFF]
        var littleEndian: [UInt8] = []
        for unit in units {
            bigEndian += [UInt8(unit >> 8), UInt8(unit & 0xFF)]
            littleEndian += [UInt8(unit & 0xFF), UInt8(unit >> 8)]
        }
        #expect(TestStreams.failure(XMLStreamParser().feed(bigEndian)) == .unsupportedEncoding)
        #expect(TestStreams.failure(XMLStreamParser().feed(littleEndian)) == .unsupportedEncoding)
    }

    @Test func utf8DeclarationIsAccepted() {
        let events = TestStreams.events("<?xml version='1.0' encoding='utf-8'?>" + TestStreams.header.dropFirst(21) + "<message/>")
        #expect(TestStreams.failure(events) == nil)
        #expect(TestStreams.stanzas(events).count == 1)
    }

    @Test func errorsSayWhatIsWrong() throws {
        let events = TestStreams.events(TestStreams.header + "<message><!-- x --></message>")
        guard case .failed(let error)? = events.last else {
            Issue.record("no failure")
            return
        }
        #expect(error.text?.contains("comment") == true)
    }
}
