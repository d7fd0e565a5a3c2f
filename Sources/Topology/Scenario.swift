/// `scenario:` — a timeline of steps and the expectations checked against
/// what happened.
public struct Scenario: Sendable, Equatable {
    /// The run ends at this scenario time at the latest (expectations still
    /// pending then fail).
    public var duration: Duration
    /// Sorted by `at` (stable: steps at the same time keep file order).
    public var steps: [ScenarioStep]
    public var expectations: [ScenarioExpectation]

    public init(duration: Duration = .seconds(10), steps: [ScenarioStep] = [], expectations: [ScenarioExpectation] = []) {
        self.duration = duration
        self.steps = steps.enumerated().sorted { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }.map(\.element)
        self.expectations = expectations
    }
}

public struct ScenarioStep: Sendable, Equatable {
    /// Scenario time the step starts at.
    public var at: Duration
    public var action: StepAction
    public var location: SourceLocation

    public init(at: Duration, action: StepAction, location: SourceLocation = .unknown) {
        self.at = at
        self.action = action
        self.location = location
    }
}

/// What a step does. Client names are bare JIDs from `clients:`; `*` in a
/// selector means every client.
public enum StepAction: Sendable, Equatable {
    case connect(clients: [String])
    case disconnect(clients: [String])
    /// Drop the client's TCP connection without closing the stream (a
    /// client with `reconnect` comes back by itself).
    case dropConnection(client: String)
    /// `count` messages from `from` to `to` (a bare or full JID), `interval`
    /// apart. Each carries an id: `id` itself for one message, `id-1`, `id-2`…
    /// for several; ids default to `m<step line>`.
    case sendMessage(from: String, to: String, body: String, id: String?, count: Int, interval: Duration)
    case sendPresence(from: String, presence: PresenceSpec)
    case subscribe(from: String, to: String)
    case crashServer(domain: String)
    case restartServer(domain: String)
    case cutLink(DomainPairSpec, mode: LinkCutMode)
    case healLink(DomainPairSpec)
    /// Changes a link's conditions; nil fields keep their value.
    case degradeLink(DomainPairSpec, latency: Duration?, jitter: Duration?, bandwidth: Int?)
    case breakDNS(domain: String, failure: DNSFailureKind, querier: String?)
    case restoreDNS(domain: String)
    /// Holds the timeline until the condition holds or `timeout` passes
    /// (a timeout fails the run, as an expectation would).
    case wait(WaitCondition, timeout: Duration)
}

public enum WaitCondition: Sendable, Equatable {
    /// Every named client is online (bound).
    case online(clients: [String])
    /// A message with this id arrived at its recipient.
    case delivered(messageID: String)
    /// `observer` has seen available presence from `of` (bare JID).
    case presenceSeen(observer: String, of: String)
    /// An s2s stream between the two domains is established.
    case federated(DomainPairSpec)
}
