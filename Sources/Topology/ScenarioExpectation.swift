/// `expect:` entry — something the run must show. Each is reported pass or
/// fail with the time it was observed.
public struct ScenarioExpectation: Sendable, Equatable {
    public var kind: ExpectationKind
    public var location: SourceLocation

    public init(_ kind: ExpectationKind, location: SourceLocation = .unknown) {
        self.kind = kind
        self.location = location
    }
}

public enum ExpectationKind: Sendable, Equatable {
    /// The message(s) with this id (or id prefix for a counted send: every
    /// one of them) arrived within `within` of being sent.
    case delivered(messageID: String, within: Duration)
    /// `observer` saw presence from `of` (with `show` if given; `unavailable`
    /// matches an unavailable presence) no later than scenario time
    /// `after + within`, where `after` is the earliest time that counts.
    case presenceSeen(observer: String, of: String, show: String?, after: Duration, within: Duration)
    /// `client` received a stanza error (or bounce) of `condition` — for the
    /// message `messageID` if given — by scenario time `by`.
    case errorReceived(client: String, condition: String, messageID: String?, by: Duration)
    /// At scenario time `at`, `domain`'s server holds this many c2s sessions
    /// and/or s2s connections.
    case connectionCount(domain: String, at: Duration, c2s: Int?, s2s: Int?)
    /// Every subscription the clients ask for at the start (`subscribe_to`)
    /// has its observer see its contact's available presence by scenario
    /// time `by` (`presence_converged: 5s`).
    case presenceConverged(by: Duration)
    /// Every message sent by a step arrived or came back as an error: none
    /// vanished. With `delivered: true`, every message must have arrived.
    /// `flows` (empty: every message) limits it to the messages of those
    /// flows; with `allowDuplicates` false no message may arrive twice (then
    /// it is decided at the scenario's end, as a duplicate may come late).
    case noStanzaLost(requireDelivery: Bool, flows: [MessageFlow] = [], allowDuplicates: Bool = true)
}

/// Which messages a `no_stanza_lost` expectation looks at: those from one
/// of `from` to one of `to` (client bare JIDs; `["*"]` is any client on that
/// side, and on the `to` side any recipient at all).
public struct MessageFlow: Sendable, Equatable {
    public var from: [String]
    public var to: [String]

    public init(from: [String] = ["*"], to: [String] = ["*"]) {
        self.from = from
        self.to = to
    }

    public func contains(from sender: String, to recipient: String) -> Bool {
        (from == ["*"] || from.contains(sender)) && (to == ["*"] || to.contains(recipient))
    }
}
