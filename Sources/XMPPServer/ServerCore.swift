import Foundation
import Logging
import NIOCore
import XMPPCore
import XMPPNIO
import XMPPProtocol

/// The state of one virtual server: sessions, rosters, offline messages and
/// the router. Confined to the server's event loop: every method runs there.
final class ServerCore {
    let configuration: ServerConfiguration
    let eventLoop: any EventLoop
    /// Accounts of each hosted domain.
    let accounts: [String: any AccountStore]
    let logger: Logger
    var random: SeededGenerator
    var registry = SessionRegistry()
    /// Every open connection, bound or not (for stop and crash).
    var connections: [ObjectIdentifier: C2SSession] = [:]
    var connectionCount = 0
    /// Federation, when the server was given a DNS.
    var s2s: S2SManager?
    var rosters = RosterStore()
    var offline = OfflineStore()
    /// `eventLoop.now` when the server started, the origin of delay stamps.
    var startedAt: NIODeadline
    /// Stanzas the server dropped where the RFC says "silently ignore", for
    /// traces and tests: nothing disappears without a record.
    var ignoredStanzas: [(stanza: XMLElement, reason: String)] = []
    /// XEP-0198 resumable sessions by id (live or hibernating).
    var resumable: [String: C2SSession] = [:]
    /// Ids of sessions that can no longer be resumed, with their account and
    /// final `h`, oldest first (bounded).
    var expiredResumptions: [String: (account: JID, handled: UInt32)] = [:]
    var expiredResumptionOrder: [String] = []
    let expiredResumptionLimit = 1000
    /// Stanzas accepted and not yet delivered when the server crashed, to be
    /// routed again at restart (with `durableQueues`).
    var crashSurvivors: [XMLElement] = []
    /// Resumable sessions kept over a crash, hibernating from the restart on.
    var frozenSessions: [C2SSession] = []
    /// Resumable outgoing s2s streams kept over a crash, resumed at restart.
    var frozenLinks: [(pair: DomainPair, id: String, state: StreamManagement, queue: [XMLElement])] = []
    let ignoredStanzaRecordLimit = 1000

    var domain: String { configuration.domain }
    /// Every domain hosted here (the server's own and its virtual hosts).
    let hostedDomains: Set<String>

    init(configuration: ServerConfiguration, eventLoop: any EventLoop, accounts: [String: any AccountStore], logger: Logger) throws {
        self.configuration = configuration
        self.eventLoop = eventLoop
        self.accounts = accounts
        self.logger = logger
        self.random = SeededGenerator(seed: configuration.seed)
        self.startedAt = eventLoop.now
        for domain in configuration.hostedDomains where try JID(domain).domainpart != domain || !JID(domain).isDomain {
            throw VirtualServerError.invalidDomain(domain)
        }
        self.hostedDomains = Set(configuration.hostedDomains)
    }

    /// Whether `domain` is one this server hosts.
    func hosts(_ domain: String) -> Bool {
        domain == configuration.domain || (!configuration.virtualHosts.isEmpty && hostedDomains.contains(domain))
    }

    /// The wall-clock time now, derived from the event loop's clock.
    var now: Date {
        let elapsed = eventLoop.now - startedAt
        return configuration.epoch.addingTimeInterval(Double(elapsed.nanoseconds) / 1e9)
    }

    func record(ignored stanza: XMLElement, reason: String) {
        logger.debug("ignored stanza", metadata: ["reason": "\(reason)", "stanza": "\(stanza)"])
        if ignoredStanzas.count >= ignoredStanzaRecordLimit { ignoredStanzas.removeFirst() }
        ignoredStanzas.append((stanza, reason))
    }

    // MARK: - Connections

    func accepted(_ handler: C2SServerHandler) {
        connectionCount += 1
        let session = C2SSession(number: connectionCount, handler: handler, server: self)
        handler.delegate = session
        connections[ObjectIdentifier(session)] = session
    }

    /// RFC 6120 §7.6/§7.7: pick the resource and apply the conflict policy.
    func bind(_ session: C2SSession, account: JID, requestedResource: String?) -> Result<JID, StanzaError> {
        var resource = requestedResource ?? generatedResource()
        if registry.session(Self.fullJID(account, resource)) != nil {
            switch configuration.resourceConflictPolicy {
            case .replaceExisting:
                break
            case .refuseNew:
                return .failure(StanzaError(.conflict, text: "Resource \(resource) is in use"))
            case .assignDifferent:
                resource = generatedResource()
            }
        }
        let jid = Self.fullJID(account, resource)
        session.jid = jid
        if let previous = registry.bind(session, as: jid), previous !== session {
            // Its unavailable presence goes out now, before the new session can
            // send any, so contacts never see the new one as gone.
            endPresence(of: previous)
            previous.isReplaced = true
            previous.cancelTimers()
            forgetResumption(of: previous)
            if let handler = previous.handler {
                handler.close(StreamError(.conflict, text: "Replaced by a new connection"))
            } else {
                connections[ObjectIdentifier(previous)] = nil
            }
            // What it never got to its client goes to the full JID again: the new session.
            let unacknowledged = previous.streamManagement?.takeUnacknowledged() ?? []
            eventLoop.assumeIsolated().execute { self.undeliverable(unacknowledged, session: previous) }
        }
        return .success(jid)
    }

    private func generatedResource() -> String {
        "xmpplab-" + random.lowercaseToken(length: 12)
    }

    private static func fullJID(_ account: JID, _ resource: String) -> JID {
        // The resource was prepared when the bind request was read, or generated.
        (try? account.with(resource: resource)) ?? account
    }

    /// A connection ended: unavailable presence if it was available, then forget it.
    func sessionEnded(_ session: C2SSession) {
        connections[ObjectIdentifier(session)] = nil
        session.cancelTimers()
        forgetResumption(of: session)
        guard session.jid != nil, !session.isReplaced else { return }
        endPresence(of: session)
        registry.unbind(session)
        if let unacknowledged = session.streamManagement?.takeUnacknowledged(), !unacknowledged.isEmpty {
            undeliverable(unacknowledged, session: session)
        }
    }

    /// The server dies: every session is forgotten at once, with no presence
    /// and no stream error (the fabric resets the connections). Rosters and
    /// offline messages survive, as they would on disk.
    func crash() {
        // With durable queues, resumable sessions survive as on disk (their
        // counts and queues), to be resumed after the restart; everything
        // else the server held is routed again at restart.
        let durable = configuration.durableQueues
            ? connections.values.filter { $0.resumptionID != nil && $0.jid != nil && !$0.isReplaced } : []
        if configuration.durableQueues {
            frozenLinks = resumableLinks()
            crashSurvivors += pendingStanzas(except: Set(durable.map(ObjectIdentifier.init)))
        }
        for session in connections.values {
            session.handler?.delegate = nil
            session.cancelTimers()
        }
        connections.removeAll()
        registry = SessionRegistry()
        resumable.removeAll()
        for session in durable {
            session.detach()
            connections[ObjectIdentifier(session)] = session
            if let jid = session.jid { _ = registry.bind(session, as: jid) }
            if let id = session.resumptionID { resumable[id] = session }
        }
        frozenSessions = durable
    }
}
