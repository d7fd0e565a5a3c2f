import LabNet
import Logging
import NIOCore
import NIOSSL
import XMPPCore
import XMPPNIO
import XMPPProtocol

/// Federation for one server (RFC 6120 §3.2, §4–§6; XEP-0178; XEP-0220;
/// XEP-0288): one outgoing stream per (hosted domain, remote domain) pair,
/// made on demand through the simulated DNS, with a queue while it is being
/// set up, unless the remote domain opened a bidirectional stream to us, or
/// a stream we hold can carry the pair too (XEP-0220 §2.6 multiplexing);
/// incoming streams and their dialback verifications. Confined to the
/// server's event loop.
final class S2SManager {
    unowned let core: ServerCore
    let fabric: any NetworkFabric
    let dns: SimulatedDNS
    let policy: S2SPolicy
    let secret: DialbackSecret
    /// Trusts the lab CA and presents this server's certificate (for EXTERNAL).
    let outgoingTLS: NIOSSLContext?
    /// The server's own TLS (incoming streams).
    let incomingTLS: ServerStreamTLS
    /// Outgoing streams, by the domain pair each was opened for.
    var links: [DomainPair: OutgoingLink] = [:]
    /// Pairs carried by a stream opened for another pair (XEP-0220 §2.6).
    var multiplexed: [DomainPair: OutgoingLink] = [:]
    /// Domains that could not be reached: until when stanzas bounce at once,
    /// with which condition, and the backoff to use after the next failure.
    var backoff: [String: (until: NIODeadline, condition: StanzaErrorCondition, next: TimeAmount)] = [:]
    var incoming: [ObjectIdentifier: IncomingS2SSession] = [:]
    /// Remote domains reachable over a bidirectional stream they opened to us (XEP-0288).
    var bidiRoutes: [String: IncomingS2SSession] = [:]
    var verifications: [ObjectIdentifier: VerificationLink] = [:]
    /// Per remote domain: how many streams in a row broke with stanzas
    /// unacknowledged (XEP-0198). Reset by an ack; past the limit the
    /// stanzas bounce instead of going round again.
    var unacknowledgedRetries: [String: Int] = [:]
    let unacknowledgedRetryLimit = 3
    /// Incoming streams the initiating server may resume (XEP-0198 §5), live or broken.
    var resumableIncoming: [String: IncomingS2SSession] = [:]

    init(core: ServerCore, fabric: any NetworkFabric, dns: SimulatedDNS, policy: S2SPolicy, secret: DialbackSecret,
         outgoingTLS: NIOSSLContext?, incomingTLS: ServerStreamTLS) {
        self.core = core
        self.fabric = fabric
        self.dns = dns
        self.policy = policy
        self.secret = secret
        self.outgoingTLS = outgoingTLS
        self.incomingTLS = incomingTLS
    }

    var domain: String { core.domain }

    /// The key this server presents for (or, as authoritative server,
    /// expects on) a stream (XEP-0185), as a closure machines can hold.
    var dialbackKeys: @Sendable (_ receiving: String, _ originating: String, _ streamID: String) -> String {
        let secret = self.secret
        return { receiving, originating, streamID in
            DialbackKey(secret: secret, receivingServer: receiving, originatingServer: originating, streamID: streamID).value
        }
    }

    /// A stanza for another domain: over our outgoing stream for its pair
    /// (which may be bidirectional), else back over a bidirectional stream
    /// the remote domain opened to us, else multiplexed over a stream we hold
    /// to that domain for another of our domains (XEP-0220 §2.6.1), else
    /// over a new outgoing stream made on demand.
    func send(_ stanza: XMLElement, to remote: String) {
        let pair = DomainPair(from: senderDomain(of: stanza), to: remote)
        let serverStanza = stanza.replacingNamespace(XMLNamespace.client, with: XMLNamespace.server)
        if let link = links[pair] {
            link.send(serverStanza)
            return
        }
        if let link = multiplexed[pair] {
            link.sendMultiplexed(serverStanza)
            return
        }
        if let session = bidiRoutes[remote], session.send(serverStanza) {
            return
        }
        if let link = links.values.first(where: { $0.remote == remote && $0.carries(pair) }) {
            multiplexed[pair] = link
            link.sendMultiplexed(serverStanza)
            return
        }
        if let failed = backoff[remote], core.eventLoop.now < failed.until {
            core.bounce(stanza, error: StanzaError(failed.condition, text: "\(remote) could not be reached recently; retrying later"))
            return
        }
        let link = OutgoingLink(local: pair.from, remote: remote, manager: self)
        links[pair] = link
        link.send(serverStanza)
        link.start()
    }

    /// The hosted domain a stanza is sent from: its 'from' domain (the
    /// server's own when it names none of ours).
    func senderDomain(of stanza: XMLElement) -> String {
        guard !core.configuration.virtualHosts.isEmpty,
              let from = stanza[attribute: "from"].flatMap({ try? JID($0) }), core.hosts(from.domainpart)
        else { return domain }
        return from.domainpart
    }

    /// An established stream connected to `address` that can carry `pair`
    /// too: target multiplexing (XEP-0220 §2.6.2), for a remote domain
    /// served at the same address as one we hold a stream to.
    func link(at address: NetworkAddress, carrying pair: DomainPair) -> OutgoingLink? {
        links.values.first { $0.connectedAddress == address && $0.carries(pair) }
    }

    /// Some outgoing stream to `remote` (for keepalive answers).
    func link(to remote: String) -> OutgoingLink? {
        links.values.first { $0.remote == remote }
    }

    /// The link is gone: no pair goes over it any more.
    func forget(_ link: OutgoingLink) {
        if links[link.pair] === link { links[link.pair] = nil }
        multiplexed = multiplexed.filter { $0.value !== link }
    }

    /// Stanzas (`jabber:server`) a broken stream never got acknowledged:
    /// sent again over the next stream to their domain, or bounced with
    /// `remote-server-timeout` once streams to it keep breaking.
    func resend(_ stanzas: [XMLElement]) {
        for stanza in stanzas {
            let original = stanza.replacingNamespace(XMLNamespace.server, with: XMLNamespace.client)
            guard let remote = original[attribute: "to"].flatMap({ try? JID($0) })?.domainpart else {
                core.record(ignored: original, reason: "unacknowledged s2s stanza without a 'to'")
                continue
            }
            let retries = unacknowledgedRetries[remote, default: 0]
            if retries >= unacknowledgedRetryLimit {
                core.bounce(original, error: StanzaError(
                    .remoteServerTimeout, text: "Streams to \(remote) broke \(retries) times before acknowledging"))
            } else {
                send(original, to: remote)
            }
        }
        for remote in Set(stanzas.compactMap { $0[attribute: "to"].flatMap { try? JID($0) }?.domainpart }) {
            unacknowledgedRetries[remote, default: 0] += 1
        }
    }

    /// A fresh XEP-0198 resumption id for an incoming stream.
    func newResumptionID() -> String {
        while true {
            let id = core.random.lowercaseToken(length: 20)
            if resumableIncoming[id] == nil { return id }
        }
    }

    /// The stream to `remote` broke with `state` unacknowledged: a new
    /// link resumes it (XEP-0198 §5), or, after too many broken streams in a
    /// row, what it holds is bounced.
    func resume(_ pair: DomainPair, id: String, state: StreamManagement, queue: [XMLElement]) {
        let remote = pair.to
        let retries = unacknowledgedRetries[remote, default: 0]
        var state = state
        guard retries < unacknowledgedRetryLimit else {
            resend(state.takeUnacknowledged() + queue)
            return
        }
        unacknowledgedRetries[remote] = retries + 1
        let link = OutgoingLink(local: pair.from, remote: remote, manager: self, resuming: (id, state))
        link.queue = queue
        links[pair] = link
        link.start()
    }

    /// `remote` acknowledged stanzas: its streams work.
    func acknowledged(by remote: String) {
        unacknowledgedRetries[remote] = nil
    }

    /// A domain could not be reached: back off before trying it again.
    func linkFailed(_ remote: String, condition: StanzaErrorCondition) {
        let initial = TimeAmount(policy.initialBackoff)
        let delay = backoff[remote]?.next ?? initial
        let doubled = min(delay * 2, TimeAmount(policy.maximumBackoff))
        backoff[remote] = (core.eventLoop.now + delay, condition, doubled)
    }

    /// A stream to `remote` came up: forget past failures.
    func linkEstablished(_ remote: String) {
        backoff[remote] = nil
    }

    /// Sets up an accepted s2s connection (on the event loop).
    func accepted(_ channel: any Channel, random: SeededGenerator) throws {
        let machine = S2SIncomingStream(
            hostedDomains: core.hostedDomains, policy: policy, tlsAvailable: incomingTLS.context != nil,
            negotiationTimeout: core.configuration.negotiationTimeout, random: random, dialbackKey: dialbackKeys
        )
        let handler = S2SIncomingHandler(machine: machine, tls: incomingTLS, parserLimits: core.configuration.parserLimits)
        handler.observing = core.configuration.observing.map { ($0, domain) }
        let session = IncomingS2SSession(handler: handler, manager: self)
        handler.delegate = session
        incoming[ObjectIdentifier(session)] = session
        try channel.pipeline.syncOperations.addHandler(handler)
    }

    /// Resolves `remote`'s s2s service through the fabric and calls back (on
    /// the event loop) with the connection attempts or the condition to
    /// bounce with.
    func resolve(_ remote: String, _ completion: @escaping (Result<[NetworkAddress], StanzaError>) -> Void) {
        fabric.resolve(.xmppServer, domain: remote, from: domain, in: dns, eventLoop: core.eventLoop)
            .assumeIsolated()
            .whenSuccess { resolution in
                if let condition = resolution.stanzaErrorCondition {
                    completion(.failure(StanzaError(condition, text: "DNS for \(remote): \(resolution)")))
                } else {
                    completion(.success(resolution.attempts.flatMap(\.networkAddresses)))
                }
            }
    }

    /// Resets every s2s connection as a network failure would: the streams
    /// end as if the peer vanished, and what they carried unacknowledged is
    /// sent again over new streams.
    func resetConnections() {
        let channels = links.values.compactMap(\.channel) + incoming.values.compactMap { $0.handler.channel }
        for channel in channels { fabric.abort(channel) }
    }

    /// Ends every s2s connection: reset at once (`abruptly`, a crash), or
    /// closed with `system-shutdown` (RFC 6120 §4.9.3.20) and `</stream:stream>`.
    func closeAll(abruptly: Bool) {
        let verificationChannels = verifications.values.compactMap(\.channel)
        let channels = links.values.compactMap(\.channel) + incoming.values.compactMap { $0.handler.channel }
            + verificationChannels
        let streams = links.values.compactMap(\.handler).map { handler in { handler.close(StreamError(.systemShutdown)) } }
            + incoming.values.map { session in { session.handler.close(StreamError(.systemShutdown)) } }
        for link in links.values { link.abandon() }
        links.removeAll()
        multiplexed.removeAll()
        for session in incoming.values { session.handler.delegate = nil }
        for session in resumableIncoming.values { session.hibernationTimer?.cancel() }
        resumableIncoming.removeAll()
        incoming.removeAll()
        bidiRoutes.removeAll()
        verifications.removeAll()
        if abruptly {
            for channel in channels { fabric.abort(channel) }
        } else {
            // Closing a stream closes its connection once the error is written.
            for close in streams { close() }
            for channel in verificationChannels { channel.close(promise: nil) }
        }
    }

    /// Connects `handler` to `address`; reports the channel, or the condition
    /// a failure maps to (`remote-server-timeout` for a connect timeout).
    func connect(
        to address: NetworkAddress, handler: S2SOutgoingHandler,
        completion: @escaping (Result<any Channel, StanzaError>) -> Void
    ) {
        handler.observing = core.configuration.observing.map { ($0, domain) }
        let bound = NIOLoopBound(handler, eventLoop: core.eventLoop)
        fabric.connect(to: address, eventLoop: core.eventLoop) { channel in
            channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(bound.value) }
        }.assumeIsolated().whenComplete { result in
            switch result {
            case .success(let channel):
                completion(.success(channel))
            case .failure(let error):
                self.core.logger.debug("s2s connect failed", metadata: ["address": "\(address)", "error": "\(error)"])
                if case ChannelError.connectTimeout = error {
                    completion(.failure(StanzaError(.remoteServerTimeout, text: "Connecting to \(address) timed out")))
                } else {
                    completion(.failure(StanzaError(.remoteServerNotFound, text: "Connecting to \(address) failed")))
                }
            }
        }
    }
}
