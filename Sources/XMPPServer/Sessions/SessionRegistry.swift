import XMPPCore

/// The bound sessions of a server, by account and resource (RFC 6120 §7).
struct SessionRegistry {
    private(set) var byAccount: [JID: [String: C2SSession]] = [:]
    private(set) var count = 0

    func sessions(of account: JID) -> [String: C2SSession] {
        byAccount[account] ?? [:]
    }

    func session(_ jid: JID) -> C2SSession? {
        guard let resource = jid.resourcepart else { return nil }
        return byAccount[jid.bare]?[resource]
    }

    /// Registers `session` under `jid`, returning the session it displaces, if any.
    mutating func bind(_ session: C2SSession, as jid: JID) -> C2SSession? {
        guard let resource = jid.resourcepart else { return nil }
        let previous = byAccount[jid.bare, default: [:]].updateValue(session, forKey: resource)
        if previous == nil { count += 1 }
        return previous
    }

    /// Removes `session` if it still owns its resource.
    mutating func unbind(_ session: C2SSession) {
        guard let jid = session.jid, let resource = jid.resourcepart,
              byAccount[jid.bare]?[resource] === session else { return }
        byAccount[jid.bare]?[resource] = nil
        if byAccount[jid.bare]?.isEmpty == true { byAccount[jid.bare] = nil }
        count -= 1
    }

    var all: [C2SSession] {
        byAccount.values.flatMap { $0.values }
    }
}
