import Foundation
import Testing
import Trace

@Suite struct RedactionTests {
    static let password = "Tr0ub4dor&3-correct-horse"
    static let sasl = "urn:ietf:params:xml:ns:xmpp-sasl"
    static var plainPayload: String { Data("\0alice\0\(password)".utf8).base64EncodedString() }

    @Test func plainAuthPayloadIsRedacted() {
        let xml = "<auth xmlns='\(Self.sasl)' mechanism='PLAIN'>\(Self.plainPayload)</auth>"
        #expect(TraceRedaction.redact(xml) == "<auth xmlns='\(Self.sasl)' mechanism='PLAIN'>[redacted]</auth>")
    }

    @Test func scramExchangeIsRedacted() {
        let xml = """
            <auth xmlns="\(Self.sasl)" mechanism="SCRAM-SHA-256">biwsbj1hbGljZSxyPWFiYw==</auth>\
            <challenge xmlns="\(Self.sasl)">cj1hYmMsMjM0LHM9c2FsdCxpPTQwOTY=</challenge>\
            <response xmlns="\(Self.sasl)">Yz1iaXdzLHI9YWJjLHA9cHJvb2Y=</response>\
            <success xmlns="\(Self.sasl)">dj1zaWduYXR1cmU=</success>
            """
        let expected = """
            <auth xmlns="\(Self.sasl)" mechanism="SCRAM-SHA-256">[redacted]</auth>\
            <challenge xmlns="\(Self.sasl)">[redacted]</challenge>\
            <response xmlns="\(Self.sasl)">[redacted]</response>\
            <success xmlns="\(Self.sasl)">[redacted]</success>
            """
        #expect(TraceRedaction.redact(xml) == expected)
    }

    @Test func prefixedEmptyCutOffAndOrdinaryElements() {
        // A prefixed element, an empty one, one with '>' inside an attribute value.
        #expect(TraceRedaction.redact("<sasl:response xmlns:sasl='\(Self.sasl)'>abc</sasl:response>")
            == "<sasl:response xmlns:sasl='\(Self.sasl)'>[redacted]</sasl:response>")
        #expect(TraceRedaction.redact("<success xmlns='\(Self.sasl)'/>") == "<success xmlns='\(Self.sasl)'/>")
        #expect(TraceRedaction.redact("<auth a='x>y'>secret</auth >") == "<auth a='x>y'>[redacted]</auth >")
        // Cut off before the end tag: redacted to the end.
        #expect(TraceRedaction.redact("<auth mechanism='PLAIN'>c2VjcmV0") == "<auth mechanism='PLAIN'>[redacted]")
        // Legacy authentication's password element.
        #expect(TraceRedaction.redact("<iq><query xmlns='jabber:iq:auth'><username>a</username><password>pw</password></query></iq>")
            == "<iq><query xmlns='jabber:iq:auth'><username>a</username><password>[redacted]</password></query></iq>")
        // Nothing secret: unchanged, and names that only start like a secret one are left alone.
        let message = "<message to='b@b.example'><body>authority, responses &amp; success</body><authz>x</authz></message>"
        #expect(TraceRedaction.redact(message) == message)
        #expect(TraceRedaction.redact("") == "")
        #expect(TraceRedaction.redact("plain text with < and >") == "plain text with < and >")
    }

    @Test func noPasswordBytesInTheRecording() async throws {
        try await withTemporaryDirectory { directory in
            let url = directory.appendingPathComponent("run.sqlite")
            let recorder = try TraceRecorder(path: url.path, run: sampleHeader())
            let auth = "<auth xmlns='\(Self.sasl)' mechanism='PLAIN'>\(Self.plainPayload)</auth>"
            recorder.record(TraceEvent(time: 1, node: "a.example", connection: 1, direction: .incoming, kind: .sasl, detail: auth))
            recorder.record(TraceEvent(time: 2, node: "a.example", connection: 1, direction: .incoming, kind: .stanzaIn,
                                       detail: "<response xmlns='\(Self.sasl)'>\(Self.plainPayload)</response>"))
            recorder.record(TraceEvent(time: 3, node: "a.example", connection: 1, direction: .incoming, kind: .sasl, detail: "")) {
                $0.append(contentsOf: auth.utf8)
            }
            recorder.recordExpectation(TraceExpectation(description: "login", passed: true, detail: auth))
            try await recorder.flush()
            try Self.expectNoSecret(in: url)
            try await recorder.finish(outcome: "passed", duration: .seconds(1))
            try Self.expectNoSecret(in: url)

            let reader = try TraceReader(path: url.path)
            let details = try reader.events().map(\.event.detail)
            #expect(details.first == "<auth xmlns='\(Self.sasl)' mechanism='PLAIN'>[redacted]</auth>")
            #expect(details.last == details.first)
        }
    }

    static func expectNoSecret(in url: URL) throws {
        let bytes = try url.recordingBytes()
        #expect(bytes.count > 0)
        #expect(bytes.range(of: Data(password.utf8)) == nil)
        #expect(bytes.range(of: Data(plainPayload.utf8)) == nil)
        #expect(bytes.range(of: Data("[redacted]".utf8)) != nil)
    }
}
