import XMPPCore
import XMPPProtocol

extension ServerCore {
    /// Everything the server accepted and has not delivered: what its
    /// clients never acknowledged (hibernating sessions included), what waits
    /// for an s2s stream, and what s2s peers never acknowledged; in
    /// `jabber:client`.
    func pendingStanzas(except kept: Set<ObjectIdentifier> = []) -> [XMLElement] {
        var pending: [XMLElement] = []
        for session in connections.values where !kept.contains(ObjectIdentifier(session)) {
            pending += session.streamManagement?.takeUnacknowledged() ?? []
        }
        if let s2s {
            for link in s2s.links.values {
                pending += link.queue + (link.streamManagement?.takeUnacknowledged() ?? [])
                link.queue = []
            }
            for session in s2s.incoming.values {
                pending += session.streamManagement?.takeUnacknowledged() ?? []
            }
        }
        return pending.map { $0.replacingNamespace(XMLNamespace.server, with: XMLNamespace.client) }
    }

    /// Outgoing s2s streams that can be resumed, taken out of their links
    /// (their counts and queues stay with them, as on disk).
    func resumableLinks() -> [(pair: DomainPair, id: String, state: StreamManagement, queue: [XMLElement])] {
        guard let s2s else { return [] }
        var kept: [(pair: DomainPair, id: String, state: StreamManagement, queue: [XMLElement])] = []
        for link in s2s.links.values where link.isEstablished && link.resuming == nil {
            guard let id = link.resumptionID, let state = link.streamManagement else { continue }
            kept.append((link.pair, id, state, link.queue))
            link.streamManagement = nil
            link.queue = []
        }
        return kept
    }

    /// After a restart: what survived the crash is routed again (local
    /// recipients have no session yet, so their messages go offline).
    func routeCrashSurvivors() {
        // Sessions kept over the crash wait for their clients from now on.
        for session in frozenSessions where session.isHibernating { session.startHibernationTimer() }
        frozenSessions = []
        // s2s streams kept over the crash are resumed (their peers kept their side).
        for link in frozenLinks { s2s?.resume(link.pair, id: link.id, state: link.state, queue: link.queue) }
        frozenLinks = []
        let survivors = crashSurvivors
        crashSurvivors = []
        for stanza in survivors {
            guard let to = stanza[attribute: "to"].flatMap({ try? JID($0) }) else {
                record(ignored: stanza, reason: "stanza kept over a crash without a 'to'")
                continue
            }
            if stanza.name == "presence" {
                record(ignored: stanza, reason: "presence kept over a crash (superseded by the next broadcast)")
            } else {
                routeGenerated(stanza, to: to)
            }
        }
    }
}
