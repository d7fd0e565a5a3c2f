import LabNet
import NIOCore
import NIOSSL
import Synchronization
import Topology
import Trace
import XMPPClient
import XMPPCore
import XMPPProtocol

/// One virtual client of the lab: a `VirtualClient` whose every received
/// stanza is written to the observations. Like a person at a client, it
/// approves every subscription request it gets; with `reconnect` it comes
/// back by itself after losing its connection (`LabClient+Reconnect`).
final class LabClient: Sendable {
    let spec: ClientSpec
    let client: VirtualClient
    /// Bare JIDs it subscribes to when it first comes online.
    let subscriptions: [String]
    private let subscribed = Mutex(false)
    let observations: Observations
    let trace: any TraceSink
    /// Where to reconnect: the c2s address of its server, nil while the server is down.
    let reconnectTarget: @Sendable () -> NetworkAddress?
    let supervision: Mutex<Supervision>

    init(
        spec: ClientSpec, subscriptions: [String], offeredMechanisms: [String], tls: TLSMode, seed: UInt64,
        fabric: any NetworkFabric, eventLoop: any EventLoop, tlsContext: NIOSSLContext, observations: Observations,
        trace: any TraceSink, reconnectTarget: @escaping @Sendable () -> NetworkAddress? = { nil }
    ) throws {
        self.spec = spec
        self.subscriptions = subscriptions
        self.observations = observations
        self.trace = trace
        self.reconnectTarget = reconnectTarget
        // The backoff draws from its own generator, so the client's stanza ids do not shift.
        supervision = Mutex(Supervision(backoff: spec.reconnect.map { ReconnectBackoff(policy: $0, seed: seed ^ 0x5EED_BAC0_FF00_0001) }))
        let account = try JID(spec.name)
        let holder = Mutex<VirtualClient?>(nil)
        let name = spec.name
        var onSend: (@Sendable (XMLElement) -> Void)?
        if trace.keepsEvents {
            onSend = { element in
                trace.recordStanza(element, node: name, direction: .outgoing, time: observations.clock.nanoseconds)
            }
        }
        let configuration = ClientConfiguration(
            account: account,
            credentials: Self.credentials(spec, offered: offeredMechanisms),
            tls: TLSPolicy(rawValue: tls.rawValue) ?? .required,
            resource: spec.resource,
            seed: seed,
            onReceive: { element in
                if trace.keepsEvents {
                    trace.recordStanza(element, node: name, direction: .incoming, time: observations.clock.nanoseconds)
                }
                Self.observe(element, by: name, observations: observations) { reply in
                    holder.withLock { $0 }?.send(reply)
                }
            },
            onSend: onSend,
            streamManagement: spec.streamManagement ? StreamManagementPolicy() : .disabled
        )
        client = VirtualClient(configuration: configuration, fabric: fabric, eventLoop: eventLoop, tlsContext: tlsContext)
        holder.withLock { $0 = client }
    }

    /// The mechanism the spec names, else the best the server offers for a password.
    static func credentials(_ spec: ClientSpec, offered: [String]) -> ClientCredentials {
        guard let password = spec.password else {
            return spec.mechanism == "EXTERNAL" ? .external : .anonymous
        }
        let mechanism = spec.mechanism ?? ["SCRAM-SHA-256", "SCRAM-SHA-1", "PLAIN"].first { offered.contains($0) } ?? "PLAIN"
        switch mechanism {
        case "SCRAM-SHA-1": return .scramSHA1(password: password)
        case "PLAIN": return .plain(password: password)
        case "ANONYMOUS": return .anonymous
        case "EXTERNAL": return .external
        default: return .scramSHA256(password: password)
        }
    }

    /// Bound and not in the middle of coming back.
    var isOnline: Bool { client.isConnected && !supervision.withLock { $0.reconnecting } }

    /// Connects, asks for the roster (so the server treats it as an
    /// interested resource), sends initial presence and, the first time,
    /// its subscription requests. A client already coming back by itself
    /// is left to it.
    func connect(to address: NetworkAddress) async throws {
        guard let generation = wantOnline() else { return }
        try await client.connect(to: address, serverName: spec.domain)
        announce()
        supervise(generation)
        let first = subscribed.withLock { state -> Bool in
            defer { state = true }
            return !state
        }
        if first {
            for contact in subscriptions {
                if let jid = try? JID(contact) { client.subscribe(to: jid) }
            }
        }
    }

    /// What a fresh session needs: a roster get (so the server treats it as
    /// an interested resource) and the initial presence.
    func announce() {
        var rosterGet = XMLElement(
            name: "iq", namespace: XMLNamespace.client,
            attributes: [XMLAttribute(name: "type", value: "get"), XMLAttribute(name: "id", value: client.makeID(prefix: "roster"))]
        )
        rosterGet.append(XMLElement(name: "query", namespace: "jabber:iq:roster"))
        client.send(rosterGet)
        if let presence = spec.initialPresence {
            send(presence)
        }
    }

    /// Closes the stream as asked (a `disconnect` step): no reconnection follows.
    func disconnect() async {
        supervision.withLock { $0.wanted = false }
        await client.disconnect()
    }

    func send(_ presence: PresenceSpec) {
        let priority = Int8(clamping: spec.priority)
        let show = presence.show.flatMap(PresenceShow.init(rawValue:))
        whenOnline { client in
            client.sendPresence(show: show, priority: priority == 0 ? nil : priority, status: presence.status)
        }
    }

    /// A chat message, as the scenario sends it.
    func sendMessage(to recipient: JID, body: String, id: String) {
        whenOnline { client in client.sendMessage(to: recipient, body: body, id: id) }
    }

    /// Records what arrived; approves subscription requests.
    static func observe(_ element: XMLElement, by name: String, observations: Observations, reply: (XMLElement) -> Void) {
        let now = observations.now
        let type = element[attribute: "type"]
        let from = element[attribute: "from"].flatMap { try? JID($0) }
        if type == "error" {
            let error = element.child("error", namespace: XMLNamespace.client).flatMap(StanzaError.init(element:))
            observations.errorSeen(.init(
                client: name, condition: error?.condition.rawValue ?? "undefined-condition", id: element[attribute: "id"], at: now
            ))
            return
        }
        switch element.name {
        case "message":
            observations.messageArrived(id: element[attribute: "id"] ?? "", recipient: name, at: now)
        case "presence":
            guard let from else { return observations.otherStanza() }
            switch type {
            case nil, "unavailable":
                let show = type == "unavailable"
                    ? "unavailable" : element.child("show", namespace: XMLNamespace.client)?.text
                observations.presenceSeen(.init(observer: name, of: from.bare.description, show: show, at: now))
            case "subscribe":
                observations.otherStanza()
                var approval = XMLElement(name: "presence", namespace: XMLNamespace.client)
                approval[attribute: "to"] = from.bare.description
                approval[attribute: "type"] = "subscribed"
                reply(approval)
            default:
                observations.otherStanza()
            }
        default:
            observations.otherStanza()
        }
    }
}
