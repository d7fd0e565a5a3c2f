import Yams

/// A `clients:` entry as written, before `{n}` is replaced: `count` clients
/// numbered 1…count, or one client when `count` is absent.
struct ClientTemplate {
    /// The placeholder numbered entries replace in `jid`, `password` and `resource`.
    static let number = "{n}"

    var jid: String
    var jidNode: Node
    var count: Int?
    var password: String?
    var mechanism: String?
    var resource: String?
    var resourceNode: Node?
    var priority: Int
    var presence: PresenceSpec?
    var groups: [String]
    var subscribeTo: [Node]
    var connectAtStart: Bool
    var streamManagement: Bool
    /// As written: nil when not given (then it follows `streamManagement`),
    /// `.some(nil)` for `reconnect: false`.
    var reconnect: ReconnectSpec??
    var location: SourceLocation

    /// `text` for client number `n` (unchanged for a single client).
    func expand(_ text: String, _ n: Int?) -> String {
        guard let n else { return text }
        return text.replacing(Self.number, with: String(n))
    }

    /// Client `n`'s spec (n is nil for a single client); `jid` already prepared.
    func client(_ n: Int?, username: String, domain: String) -> ClientSpec {
        let defaultPassword: String? = mechanism.map(SASLMechanisms.passwordless.contains) == true ? nil : "secret"
        return ClientSpec(
            name: "\(username)@\(domain)",
            username: username,
            domain: domain,
            resource: resource.map { expand($0, n) },
            password: password.map { expand($0, n) } ?? defaultPassword,
            mechanism: mechanism,
            priority: priority,
            initialPresence: presence,
            groups: groups,
            subscribeTo: [],
            connectAtStart: connectAtStart,
            streamManagement: streamManagement,
            reconnect: reconnect ?? (streamManagement ? ReconnectSpec() : nil),
            location: location
        )
    }
}

/// `connect:` of a client.
enum ConnectMode: String, CaseIterable {
    /// When the scenario starts.
    case start
    /// On a `connect` step.
    case later
}

/// `show:` of a presence a client sends (RFC 6121 §4.7.2.1).
enum PresenceShow: String, CaseIterable {
    case away, chat, dnd, xa
}
