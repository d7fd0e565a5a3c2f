import XMPPCore

/// The Receiving Server's side of a stream to an Authoritative Server
/// (XEP-0220 §2.1.2): the `<db:verify/>` requests sent on it, so that only
/// answers correlating by 'from', 'to' and 'id' with a request sent over
/// this same stream are passed on (§2.1.2, §3.1), and so that requests
/// still open when the stream closes can be failed.
public struct DialbackVerificationRequests: Sendable {
    /// A request in flight: the pair on the inbound stream `streamID`.
    public struct Request: Hashable, Sendable, Comparable {
        public var streamID: String
        public var pair: DialbackDomainPair

        public init(streamID: String, pair: DialbackDomainPair) {
            self.streamID = streamID
            self.pair = pair
        }

        public static func < (lhs: Self, rhs: Self) -> Bool {
            (lhs.streamID, lhs.pair) < (rhs.streamID, rhs.pair)
        }
    }

    public internal(set) var outstanding: Set<Request> = []

    public init() {}

    /// Records a `<db:verify/>` request (from the Target Domain, to the
    /// Sender Domain) and returns it to send.
    public mutating func send(_ verify: DialbackElement) -> [DialbackAction] {
        guard let request = Self.request(verify, answer: false) else { return [] }
        outstanding.insert(request)
        return [.send(verify)]
    }

    /// An element from the Authoritative Server: the answer, when it answers
    /// an outstanding request (to be given to the inbound stream with that
    /// stream id through `verificationAnswered`); `nil` when unsolicited.
    public mutating func received(_ answer: DialbackElement) -> DialbackElement? {
        guard answer.name == .verify, !answer.isRequest, let request = Self.request(answer, answer: true),
              outstanding.remove(request) != nil
        else { return nil }
        return answer
    }

    /// The stream closed: the requests still open, to be failed with
    /// `remote-server-timeout` (§2.1.2 note, §2.5).
    public mutating func streamClosed() -> [Request] {
        defer { outstanding = [] }
        return outstanding.sorted()
    }

    /// A request (from Target to Sender) or its answer (from Sender to Target).
    static func request(_ element: DialbackElement, answer: Bool) -> Request? {
        guard let id = element.id else { return nil }
        let pair = answer
            ? DialbackDomainPair(senderDomain: element.from, targetDomain: element.to)
            : DialbackDomainPair(senderDomain: element.to, targetDomain: element.from)
        return Request(streamID: id, pair: pair)
    }
}
