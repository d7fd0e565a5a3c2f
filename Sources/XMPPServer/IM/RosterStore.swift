import XMPPCore
import XMPPProtocol

/// One contact of one account: what the roster shows and the full
/// subscription state (RFC 6121 Appendix A), including "Pending In", which a
/// roster item does not show.
struct RosterEntry {
    var contact: JID
    var name: String?
    var groups: [String]
    var state: SubscriptionState
    /// Shown in the roster. A pending-in request from someone not in the
    /// roster is remembered (RFC 6121 §3.1.3) without a roster item.
    var inRoster: Bool

    var item: RosterItem {
        RosterItem(jid: contact, name: name, groups: groups, state: state)
    }
}

/// Every account's roster, with a version per account (RFC 6121 §2.6).
struct RosterStore {
    private var rosters: [JID: [JID: RosterEntry]] = [:]
    private var versions: [JID: Int] = [:]

    func entries(of account: JID) -> [RosterEntry] {
        (rosters[account] ?? [:]).values.sorted { $0.contact.description < $1.contact.description }
    }

    func entry(of account: JID, for contact: JID) -> RosterEntry? {
        rosters[account]?[contact]
    }

    func state(of account: JID, for contact: JID) -> SubscriptionState {
        rosters[account]?[contact]?.state ?? .none
    }

    /// The roster items (entries shown in the roster).
    func items(of account: JID) -> [RosterItem] {
        entries(of: account).filter(\.inRoster).map(\.item)
    }

    func version(of account: JID) -> String {
        String(versions[account] ?? 0)
    }

    /// Sets the name and groups from a client's roster set, creating the
    /// item in state "None" when new. Returns the item to push.
    mutating func update(_ account: JID, with item: RosterItem) -> RosterItem {
        var entry = rosters[account]?[item.jid] ?? RosterEntry(contact: item.jid, groups: [], state: .none, inRoster: true)
        entry.name = item.name
        entry.groups = item.groups
        entry.inRoster = true
        store(entry, for: account)
        return entry.item
    }

    /// Moves to `state`. The contact enters the roster when the state is
    /// something a roster item shows (a subscription or a pending request
    /// out); returns whether the entry is in the roster afterwards.
    @discardableResult
    mutating func setState(_ state: SubscriptionState, of account: JID, for contact: JID) -> RosterEntry {
        var entry = rosters[account]?[contact] ?? RosterEntry(contact: contact, groups: [], state: .none, inRoster: false)
        entry.state = state
        if state.subscription != .none || state.pendingOut { entry.inRoster = true }
        if !entry.inRoster && state == .none {
            rosters[account]?[contact] = nil
        } else {
            store(entry, for: account)
        }
        return entry
    }

    /// Removes the contact (RFC 6121 §2.5); `nil` when it was not in the roster.
    mutating func remove(_ contact: JID, from account: JID) -> RosterEntry? {
        guard let entry = rosters[account]?[contact], entry.inRoster else { return nil }
        rosters[account]?[contact] = nil
        versions[account, default: 0] += 1
        return entry
    }

    private mutating func store(_ entry: RosterEntry, for account: JID) {
        rosters[account, default: [:]][entry.contact] = entry
        if entry.inRoster { versions[account, default: 0] += 1 }
    }
}

/// Roster versioning (RFC 6121 §2.6): the stream feature.
enum RosterVersioning {
    static let feature = XMLElement(name: "ver", namespace: "urn:xmpp:features:rosterver")
}
