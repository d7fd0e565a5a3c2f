/// `reconnect:` of a client — how it comes back after losing its
/// connection without having asked to (a server crash, a reset, a
/// `drop_connection` step). The first attempt waits `after`; each failed
/// attempt doubles the wait up to `maxAfter`; every wait is drawn between
/// half and all of that from the client's seed. Attempts go on until the
/// client is online again or the scenario ends.
public struct ReconnectSpec: Sendable, Equatable {
    public var after: Duration
    public var maxAfter: Duration

    public init(after: Duration = .milliseconds(200), maxAfter: Duration = .seconds(2)) {
        self.after = after
        self.maxAfter = maxAfter
    }
}
