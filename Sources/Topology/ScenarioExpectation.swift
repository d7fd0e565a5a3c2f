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
    case noStanzaLost(requireDelivery: Bool)
}
