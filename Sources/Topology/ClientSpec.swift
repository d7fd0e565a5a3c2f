/// One virtual client (`clients:` entry; a `count:` entry is expanded into
/// one `ClientSpec` per client, `{n}` replaced by 1…count).
public struct ClientSpec: Sendable, Equatable {
    /// Bare JID `user@domain` as written (after `{n}` expansion), in its
    /// RFC 7622 prepared form (localpart and domain lower-cased, NFC); also
    /// the client's name in scenario steps, which the loader prepares alike.
    public var name: String
    public var username: String
    public var domain: String
    public var resource: String?
    /// nil for SASL ANONYMOUS (or EXTERNAL).
    public var password: String?
    /// SASL mechanism to use; nil lets the client choose the best offered.
    public var mechanism: String?
    public var priority: Int
    /// Initial presence sent after login; nil sends none.
    public var initialPresence: PresenceSpec?
    /// Groups this client belongs to, for `subscribe_to: group:NAME`.
    public var groups: [String]
    /// Bare JIDs (or `group:NAME`) this client subscribes to at the start.
    public var subscribeTo: [String]
    /// Connects when the scenario starts (otherwise on a `connect` step).
    public var connectAtStart: Bool
    /// Asks for XEP-0198 stream management (with resumption) when the server offers it.
    public var streamManagement: Bool
    /// Reconnects by itself after an unrequested connection loss; nil stays
    /// offline. Defaults to ``ReconnectSpec/init(after:maxAfter:)`` with
    /// stream management, nil without.
    public var reconnect: ReconnectSpec?
    public var location: SourceLocation

    public init(
        name: String,
        username: String,
        domain: String,
        resource: String? = nil,
        password: String? = nil,
        mechanism: String? = nil,
        priority: Int = 0,
        initialPresence: PresenceSpec? = PresenceSpec(),
        groups: [String] = [],
        subscribeTo: [String] = [],
        connectAtStart: Bool = true,
        streamManagement: Bool = false,
        reconnect: ReconnectSpec? = nil,
        location: SourceLocation = .unknown
    ) {
        self.name = name
        self.username = username
        self.domain = domain
        self.resource = resource
        self.password = password
        self.mechanism = mechanism
        self.priority = priority
        self.initialPresence = initialPresence
        self.groups = groups
        self.subscribeTo = subscribeTo
        self.connectAtStart = connectAtStart
        self.streamManagement = streamManagement
        self.reconnect = reconnect
        self.location = location
    }
}

/// Presence a client sends: `show` (away, chat, dnd, xa; nil is available)
/// and status text.
public struct PresenceSpec: Sendable, Equatable {
    public var show: String?
    public var status: String?

    public init(show: String? = nil, status: String? = nil) {
        self.show = show
        self.status = status
    }
}
