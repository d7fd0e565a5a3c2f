/// The keys each part of a topology file accepts, in the order messages
/// list them. The reader rejects any other key, naming these; a test checks
/// `Topologies/schema.json` against them so the schema cannot drift.
public enum TopologyKeys {
    public static let topLevel = [
        "name", "seed", "description", "defaults", "servers", "external", "dns", "links", "clients", "scenario",
    ]
    /// `defaults:` — everything a server takes except its identity.
    public static let serverSettings = ["tls", "sasl", "s2s", "stream_management", "resource_conflict", "limits"]
    public static let server = ["domain", "virtual_hosts", "accounts"] + serverSettings
    public static let account = ["username", "password"]
    public static let s2s = ["external", "dialback", "bidi"]
    /// `stream_management:` of a server as a mapping (it may also be `true` or `false`).
    public static let streamManagement = ["enabled", "resumption", "resume_timeout", "ack_every", "ack_after", "max_unacked"]
    public static let limits = ["max_stanza_bytes", "max_auth_attempts", "negotiation_timeout", "offline_messages", "ping_interval", "ping_timeout"]
    public static let external = ["domain", "host", "s2s_port", "c2s_port"]

    public static let dns = ["records", "addresses", "overrides", "failures"]
    public static let dnsRecord = ["domain", "service", "srv", "not_offered"]
    public static let srv = ["priority", "weight", "target", "port", "server"]
    public static let dnsOverride = ["querier", "domain", "service", "srv"]
    public static let dnsFailure = ["domain", "failure", "querier"]

    public static let link = ["between", "latency", "jitter", "bandwidth", "state"]

    public static let client = [
        "jid", "count", "password", "mechanism", "resource", "priority", "presence", "groups", "subscribe_to", "connect",
        "stream_management", "reconnect",
    ]
    /// `reconnect:` of a client as a mapping (it may also be `true` or `false`).
    public static let reconnect = ["after", "max_after"]
    public static let presence = ["show", "status"]

    public static let scenario = ["duration", "steps", "expect"]
    /// A step is `at:` plus exactly one of these.
    public static let stepActions = [
        "connect", "disconnect", "drop_connection", "send", "presence", "subscribe", "crash", "restart",
        "cut_link", "heal_link", "degrade_link", "break_dns", "restore_dns", "wait", "chaos",
    ]
    public static let step = ["at"] + stepActions
    public static let send = ["from", "to", "body", "id", "count", "interval"]
    public static let sendPresence = ["from", "show", "status"]
    public static let subscribe = ["from", "to"]
    public static let cutLink = ["between", "mode"]
    public static let healLink = ["between"]
    public static let degradeLink = ["between", "latency", "jitter", "bandwidth"]
    public static let breakDNS = ["domain", "failure", "querier"]
    public static let chaos = [
        "until", "connection_resets", "clients", "link_cuts", "links", "cut_modes", "link_down",
        "server_crashes", "servers", "server_down",
    ]
    /// A wait is `timeout:` plus exactly one of these.
    public static let waitConditions = ["online", "delivered", "presence", "federated"]
    public static let wait = waitConditions + ["timeout"]
    public static let waitPresence = ["observer", "of"]

    /// An `expect:` entry is exactly one of these.
    public static let expectations = ["delivered", "presence", "error", "connections", "presence_converged", "no_stanza_lost"]
    public static let expectDelivered = ["id", "within"]
    public static let expectPresence = ["observer", "of", "show", "after", "within"]
    public static let expectError = ["client", "condition", "id", "by"]
    public static let expectConnections = ["domain", "at", "c2s", "s2s"]
    public static let expectNoStanzaLost = ["delivered", "duplicates", "flows"]
    public static let flow = ["from", "to"]
}
