import Testing
import XMPPCore
@testable import LabNet

/// The DNS message format of the UDP responder (RFC 1035, RFC 2782, RFC 3596).
struct DNSWireFormatTests {
    @Test func queryRoundTripsAndMapsToTheSimulatedQuestion() throws {
        let query = DNSWireFormat.Query(id: 0x1234, name: "_xmpp-server._tcp.Alpha.Test.", type: DNSWireFormat.typeSRV)
        let parsed = try #require(DNSWireFormat.parseQuery(DNSWireFormat.encodeQuery(query)))
        #expect(parsed.id == 0x1234 && parsed.type == DNSWireFormat.typeSRV && parsed.recursionDesired)
        #expect(parsed.question == .srv(service: .xmppServer, domain: "alpha.test"))
        #expect(DNSWireFormat.Query(id: 1, name: "alpha.test", type: DNSWireFormat.typeAAAA).question == .address(host: "alpha.test"))
        #expect(DNSWireFormat.Query(id: 1, name: "alpha.test", type: 15).question == nil, "MX is not served")
    }

    @Test func srvAndAddressAnswersRoundTrip() throws {
        let srvQuery = DNSWireFormat.Query(id: 7, name: "_xmpp-server._tcp.alpha.test", type: DNSWireFormat.typeSRV)
        let srv = SRVRecord(priority: 5, weight: 10, port: 5269, target: "s2s.alpha.test")
        let encoded = try #require(DNSWireFormat.encodeResponse(to: srvQuery, answer: .records([.srv(srv), .a("127.0.0.9")])))
        let response = try #require(DNSWireFormat.parseResponse(encoded))
        #expect(response.id == 7 && response.rcode == 0)
        #expect(response.records == [.srv(srv)], "records of another type are left out")

        let both: DNSAnswer = .records([.a("127.0.0.2"), .aaaa("::1")])
        let aaaaQuery = DNSWireFormat.Query(id: 8, name: "alpha.test", type: DNSWireFormat.typeAAAA)
        let aaaaBytes = try #require(DNSWireFormat.encodeResponse(to: aaaaQuery, answer: both))
        #expect(DNSWireFormat.parseResponse(aaaaBytes)?.records == [.aaaa("::1")])
        let aQuery = DNSWireFormat.Query(id: 9, name: "alpha.test", type: DNSWireFormat.typeA)
        let aBytes = try #require(DNSWireFormat.encodeResponse(to: aQuery, answer: both))
        #expect(DNSWireFormat.parseResponse(aBytes)?.records == [.a("127.0.0.2")])
    }

    @Test func failuresBecomeRcodesAndATimeoutIsSilence() throws {
        let query = DNSWireFormat.Query(id: 3, name: "gone.test", type: DNSWireFormat.typeA)
        #expect(DNSWireFormat.parseResponse(try #require(DNSWireFormat.encodeResponse(to: query, answer: .nxdomain)))?.rcode == 3)
        #expect(DNSWireFormat.parseResponse(try #require(DNSWireFormat.encodeResponse(to: query, answer: .servfail)))?.rcode == 2)
        #expect(DNSWireFormat.parseResponse(try #require(DNSWireFormat.encodeResponse(to: query, answer: .noRecords)))?.records == [])
        #expect(DNSWireFormat.encodeResponse(to: query, answer: .timeout) == nil)
    }

    @Test func malformedMessagesAreRefusedWithoutCrashing() {
        #expect(DNSWireFormat.parseQuery([]) == nil)
        #expect(DNSWireFormat.parseQuery([0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0xC0, 0x0C]) == nil, "a name pointing at itself")
        var random = SeededGenerator(seed: 5)
        for _ in 0..<2_000 {
            let length = Int.random(in: 0..<64, using: &random)
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &random) }
            _ = DNSWireFormat.parseQuery(bytes)
            _ = DNSWireFormat.parseResponse(bytes)
        }
    }
}
