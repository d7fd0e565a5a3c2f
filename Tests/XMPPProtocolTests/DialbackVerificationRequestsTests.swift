import Testing
import XMPPCore

@testable import XMPPProtocol

/// `DialbackVerificationRequests`: answers on a stream to an Authoritative
/// Server count only when they correlate with a request sent on it (XEP-0220 §2.1.2, §3.1).
struct DialbackVerificationRequestsTests {
    static let request = DialbackElement.verify(
        from: "montague.example", to: "capulet.example", id: "D60000229F", .key(DialbackKey("abc")))
    static let pair = DialbackDomainPair(senderDomain: "capulet.example", targetDomain: "montague.example")

    @Test func passesOnTheAnswerToARequestOnce() {
        var requests = DialbackVerificationRequests()
        #expect(requests.send(Self.request) == [.send(Self.request)])
        let answer = Self.request.answer(.valid)
        #expect(requests.received(answer) == answer)
        #expect(requests.received(answer) == nil)  // answered already
    }

    @Test func dropsUnsolicitedAnswers() {
        var requests = DialbackVerificationRequests()
        _ = requests.send(Self.request)
        #expect(requests.received(.verify(from: "capulet.example", to: "montague.example", id: "other", .valid)) == nil)
        #expect(requests.received(.verify(from: "rooms.capulet.example", to: "montague.example", id: "D60000229F", .valid)) == nil)
        #expect(requests.received(.result(from: "capulet.example", to: "montague.example", .valid)) == nil)
        #expect(requests.received(Self.request) == nil)  // a request, not an answer
        #expect(requests.outstanding.count == 1)
    }

    @Test func closingReportsTheOpenRequests() {
        var requests = DialbackVerificationRequests()
        _ = requests.send(Self.request)
        #expect(requests.streamClosed() == [.init(streamID: "D60000229F", pair: Self.pair)])
        #expect(requests.outstanding.isEmpty)
    }
}
