import Foundation
import XMPPCore

/// Messages kept for accounts with no available resource (RFC 6121
/// §8.5.2.2.1), delivered with their XEP-0203 delay stamp when a resource
/// next sends initial presence with non-negative priority.
struct OfflineStore {
    private var queues: [JID: [XMLElement]] = [:]

    func count(for account: JID) -> Int {
        queues[account]?.count ?? 0
    }

    /// Stores `message`, stamped with when and where it was stored. `false`
    /// when the account's queue already holds `limit` messages.
    mutating func store(_ message: XMLElement, for account: JID, at time: Date, by domain: String, limit: Int) -> Bool {
        guard count(for: account) < limit else { return false }
        var stamped = message
        stamped.append(Self.delay(at: time, by: domain))
        queues[account, default: []].append(stamped)
        return true
    }

    /// Takes every stored message for `account`, oldest first.
    mutating func take(for account: JID) -> [XMLElement] {
        queues.removeValue(forKey: account) ?? []
    }

    /// `<delay xmlns='urn:xmpp:delay' from='domain' stamp='…Z'>Offline Storage</delay>` (XEP-0203 §3).
    static func delay(at time: Date, by domain: String) -> XMLElement {
        XMLElement(
            name: "delay", namespace: XMLNamespace.delay,
            attributes: [XMLAttribute(name: "from", value: domain), XMLAttribute(name: "stamp", value: stamp(time))],
            children: [.text("Offline Storage")]
        )
    }

    /// XEP-0082 DateTime in UTC with millisecond precision.
    static func stamp(_ time: Date) -> String {
        Date.ISO8601FormatStyle(includingFractionalSeconds: true).format(time)
    }
}
