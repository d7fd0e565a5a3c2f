import Synchronization

/// What the lab's clients sent and received, in scenario time. Filled from
/// the clients' event loops, read by the scenario runner and the checker.
final class Observations: Sendable {
    struct SentMessage: Sendable {
        var id: String
        var from: String
        /// The recipient's bare JID.
        var to: String
        var sentAt: Duration
    }

    struct Arrival: Sendable {
        var recipient: String
        var at: Duration
    }

    struct PresenceSeen: Sendable {
        var observer: String
        /// Bare JID of the sender.
        var of: String
        /// `unavailable` for unavailable presence, the `<show/>` value, or nil for plain available.
        var show: String?
        var at: Duration
    }

    struct ErrorSeen: Sendable {
        var client: String
        var condition: String
        var id: String?
        var at: Duration
    }

    /// How one client's connection came back after it was lost.
    struct Reconnections: Sendable, Equatable {
        /// Connections lost without the scenario asking.
        var lost = 0
        /// Sessions resumed (XEP-0198).
        var resumed = 0
        /// Reconnections that bound a new session (resumption refused, or nothing to resume).
        var newSessions = 0
        /// Attempts that failed (server down, connection refused or reset while negotiating).
        var failedAttempts = 0
    }

    struct Fault: Sendable {
        var at: Duration
        var target: String
        var description: String
    }

    struct State {
        var sent: [String: SentMessage] = [:]
        var sendOrder: [String] = []
        /// Messages sent that have neither reached their recipient nor come
        /// back as an error yet (kept up to date, so a check need not walk them all).
        var undecided: Set<String> = []
        var arrivals: [String: [Arrival]] = [:]
        var presences: [PresenceSeen] = []
        var errors: [ErrorSeen] = []
        var stanzasReceived = 0
        /// By client name.
        var reconnections: [String: Reconnections] = [:]
        /// Faults applied, in order.
        var faults: [Fault] = []
    }

    private let state = Mutex(State())
    private let clockState = Mutex(LabClock())

    /// Starts scenario time at zero now.
    func begin() -> LabClock {
        clockState.withLock {
            $0 = LabClock()
            return $0
        }
    }

    var clock: LabClock { clockState.withLock { $0 } }

    /// Scenario time now.
    var now: Duration { clock.now }

    func messageSent(_ message: SentMessage) {
        state.withLock {
            guard $0.sent.updateValue(message, forKey: message.id) == nil else { return }
            $0.sendOrder.append(message.id)
            if $0.arrivalCount(of: message) == 0, $0.bounce(of: message) == nil { $0.undecided.insert(message.id) }
        }
    }

    func messageArrived(id: String, recipient: String, at: Duration) {
        state.withLock {
            $0.stanzasReceived += 1
            $0.arrivals[id, default: []].append(Arrival(recipient: recipient, at: at))
            if $0.sent[id]?.to == recipient { $0.undecided.remove(id) }
        }
    }

    func presenceSeen(_ presence: PresenceSeen) {
        state.withLock {
            $0.stanzasReceived += 1
            $0.presences.append(presence)
        }
    }

    func errorSeen(_ error: ErrorSeen) {
        state.withLock {
            $0.stanzasReceived += 1
            $0.errors.append(error)
            if let id = error.id, $0.sent[id]?.from == error.client { $0.undecided.remove(id) }
        }
    }

    func reconnection(of client: String, _ change: (inout Reconnections) -> Void) {
        state.withLock { change(&$0.reconnections[client, default: Reconnections()]) }
    }

    func faultApplied(_ fault: Fault) {
        state.withLock { $0.faults.append(fault) }
    }

    func otherStanza() {
        state.withLock { $0.stanzasReceived += 1 }
    }

    /// A consistent copy of everything observed so far.
    var snapshot: State { state.withLock { $0 } }

    /// Runs `body` on the state under the lock, without copying it (a copy
    /// taken while the clients keep recording makes their next change copy
    /// every table). `body` must be quick: the clients wait meanwhile.
    func inspect<T>(_ body: (State) -> T) -> T {
        state.withLock { body($0) }
    }
}

extension Observations.State {
    /// The messages a `delivered` expectation or wait names: the id itself,
    /// or `id-1`, `id-2`… of a counted send.
    func messages(named id: String) -> [Observations.SentMessage] {
        if let message = sent[id] { return [message] }
        let prefix = id + "-"
        return sendOrder.lazy.filter { $0.hasPrefix(prefix) && Int($0.dropFirst(prefix.count)) != nil }.compactMap { sent[$0] }
    }

    /// When `message` first reached its intended recipient.
    func arrival(of message: Observations.SentMessage) -> Duration? {
        arrivals[message.id]?.first { $0.recipient == message.to }?.at
    }

    /// How many times `message` reached its intended recipient.
    func arrivalCount(of message: Observations.SentMessage) -> Int {
        arrivals[message.id]?.count { $0.recipient == message.to } ?? 0
    }

    /// When `message` came back to its sender as an error.
    func bounce(of message: Observations.SentMessage) -> ErrorSeenOrNil {
        errors.first { $0.id == message.id && $0.client == message.from }
    }

    typealias ErrorSeenOrNil = Observations.ErrorSeen?

    /// When each observer first saw available presence of each contact,
    /// keyed `observer|contact`.
    var firstAvailablePresence: [String: Duration] {
        var firstSeen: [String: Duration] = [:]
        for presence in presences where presence.show != "unavailable" {
            let key = presence.observer + "|" + presence.of
            if firstSeen[key] == nil { firstSeen[key] = presence.at }
        }
        return firstSeen
    }
}
