import XMPPCore
import Yams

// Domains and JIDs, checked with XMPPCore's RFC 7622 preparation and
// returned in their prepared (lower-cased, NFC) form.
extension TopologyReader {
    mutating func domain(_ node: Node) -> String? {
        guard let text = string(node) else { return nil }
        return domain(text, at: node)
    }

    mutating func domain(_ text: String, at node: Node) -> String? {
        do {
            return try JID(localpart: nil, domainpart: text).domainpart
        } catch {
            self.error("malformed domain '\(text)': \(error.reason)", at: node)
            return nil
        }
    }

    /// Any JID, bare or full.
    mutating func jid(_ node: Node) -> JID? {
        guard let text = string(node) else { return nil }
        do {
            return try JID(text)
        } catch {
            self.error("malformed JID '\(text)': \(error.part.rawValue) \(error.reason)", at: node)
            return nil
        }
    }

    /// A bare JID with a localpart: `user@domain`.
    mutating func bareJID(_ node: Node) -> JID? {
        guard let text = string(node) else { return nil }
        return bareJID(text, at: node)
    }

    mutating func bareJID(_ text: String, at node: Node) -> JID? {
        let jid: JID
        do {
            jid = try JID(text)
        } catch {
            self.error("malformed JID '\(text)': \(error.part.rawValue) \(error.reason)", at: node)
            return nil
        }
        guard jid.localpart != nil, jid.isBare else {
            self.error("expected a bare JID user@domain, got '\(text)'", at: node)
            return nil
        }
        return jid
    }

    /// A JID localpart (an account's username), prepared.
    mutating func username(_ node: Node) -> String? {
        guard let text = string(node) else { return nil }
        do {
            return try JID(localpart: text, domainpart: "localhost").localpart
        } catch {
            self.error("malformed username '\(text)': \(error.reason)", at: node)
            return nil
        }
    }
}
