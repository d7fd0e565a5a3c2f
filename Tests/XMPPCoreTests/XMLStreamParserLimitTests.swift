import Testing
@testable import XMPPCore

/// Size and depth limits, and the memory bound whatever the input.
@Suite("XMLStreamParser: limits and hostile input")
struct XMLStreamParserLimitTests {
    @Test func stanzaOverTheLimitIsAPolicyViolation() {
        let limits = XMLStreamParser.Limits(maxStanzaBytes: 10_000)
        let big = "<message><body>" + String(repeating: "x", count: 10_001) + "</body></message>"
        let events = TestStreams.events(TestStreams.header + big, limits: limits)
        #expect(TestStreams.failure(events) == .policyViolation)
        #expect(TestStreams.stanzas(events).isEmpty)
    }

    @Test func stanzaJustUnderTheLimitIsAccepted() {
        let limits = XMLStreamParser.Limits(maxStanzaBytes: 10_000)
        let body = String(repeating: "x", count: 10_000 - "<message><body></body></message>".utf8.count)
        let events = TestStreams.events(TestStreams.header + "<message><body>\(body)</body></message>", limits: limits)
        #expect(TestStreams.failure(events) == nil)
        #expect(TestStreams.stanzas(events).count == 1)
    }

    @Test func defaultLimitIs256KiB() {
        #expect(XMLStreamParser.Limits().maxStanzaBytes == 256 * 1024)
    }

    @Test func manySmallStanzasNeverTripTheLimit() {
        // 20 MB of small stanzas against a 1 KiB limit: the limit is per
        // stanza, not per stream.
        let parser = XMLStreamParser(limits: .init(maxStanzaBytes: 1024))
        #expect(TestStreams.failure(parser.feed(TestStreams.header)) == nil)
        let chunk = Array(String(repeating: "<message to='a@b.test'><body>hello</body></message> ", count: 1000).utf8)
        var count = 0
        for _ in 0..<400 {
            let events = parser.feed(chunk)
            #expect(TestStreams.failure(events) == nil)
            count += TestStreams.stanzas(events).count
        }
        #expect(count == 400_000)
    }

    @Test func nestingDeeperThanTheLimitIsAPolicyViolation() {
        let limits = XMLStreamParser.Limits(maxDepth: 8)
        let ok = String(repeating: "<a>", count: 8) + String(repeating: "</a>", count: 8)
        let deep = String(repeating: "<a>", count: 9) + String(repeating: "</a>", count: 9)
        #expect(TestStreams.failure(TestStreams.events(TestStreams.header + ok, limits: limits)) == nil)
        #expect(TestStreams.failure(TestStreams.events(TestStreams.header + deep, limits: limits)) == .policyViolation)
    }

    @Test func billionLaughsIsRejectedBeforeAnythingExpands() {
        var dtd = "<?xml version='1.0'?><!DOCTYPE lolz [<!ENTITY lol 'lol'>"
        for level in 1...9 {
            dtd += "<!ENTITY lol\(level) '" + String(repeating: "&lol\(level - 1 == 0 ? "" : String(level - 1));", count: 10) + "'>"
        }
        dtd += "]>"
        let events = TestStreams.events(dtd + TestStreams.header + "<message><body>&lol9;</body></message>")
        #expect(TestStreams.failure(events) == .restrictedXML)
        #expect(TestStreams.stanzas(events).isEmpty)
    }

    @Test func entityReferenceInsideTheStreamIsNeverExpanded() {
        let events = TestStreams.events(TestStreams.header + "<message><body>&lol9;</body></message>")
        #expect(TestStreams.failure(events) == .restrictedXML)
    }

    @Test(arguments: [
        ("unterminated text", "<message><body>", UInt8(ascii: "x")),
        ("unterminated start tag", "<message id='", UInt8(ascii: "x")),
        ("unterminated element name", "<m", UInt8(ascii: "m")),
        ("unterminated CDATA", "<message><![CDATA[", UInt8(ascii: "x")),
    ])
    func hundredMegabyteUnterminatedElementIsCutOffEarly(_ name: String, _ opening: String, _ filler: UInt8) {
        // 100 MB offered in 64 KiB chunks; the parser must give up within the
        // limit plus a slice, so it never holds more than that.
        let parser = XMLStreamParser()
        var events = parser.feed(TestStreams.header + opening)
        let chunk = [UInt8](repeating: filler, count: 64 * 1024)
        var offered = 0
        var bytesBeforeFailure = 0
        while offered < 100_000_000 {
            let produced = parser.feed(chunk)
            offered += chunk.count
            events += produced
            if TestStreams.failure(events) != nil {
                bytesBeforeFailure = offered
                break
            }
        }
        #expect(TestStreams.failure(events) == .policyViolation, "\(name)")
        #expect(bytesBeforeFailure > 0 && bytesBeforeFailure <= 256 * 1024 + 2 * 64 * 1024, "\(name): \(bytesBeforeFailure)")
        #expect(parser.feed(chunk).isEmpty)
    }

    @Test func hugeDoctypeIsRejectedAtOnce() {
        let parser = XMLStreamParser()
        let events = parser.feed("<!DOCTYPE x [" + String(repeating: "<!ENTITY a 'b'>", count: 100))
        #expect(TestStreams.failure(events) == .restrictedXML)
    }
}
