import XMPPCore

extension DialbackElement {
    /// Reads a dialback element; throws the stream error the caller should
    /// close with (RFC 6120 §4.9.3):
    /// - `invalid-namespace`: not in `jabber:server:dialback` (§4.9.3.10
    ///   names the dialback namespace explicitly);
    /// - `bad-format`: another name, an unknown 'type', a `<db:verify/>`
    ///   without 'id', a request without a key, an error without a condition;
    /// - `improper-addressing`: 'from' or 'to' missing (both are required by
    ///   the schema of XEP-0220 §6), or 'to' not a domain;
    /// - `invalid-from`: 'from' is not a domain.
    public init(parsing element: XMLElement) throws(StreamError) {
        guard element.namespace == XMLNamespace.dialback else {
            throw StreamError(.invalidNamespace, text: "Dialback elements are in jabber:server:dialback")
        }
        guard let name = Name(rawValue: element.name) else {
            throw StreamError(.badFormat, text: "<db:\(element.name)/> is not a dialback element")
        }
        guard let fromValue = element[attribute: "from"], let toValue = element[attribute: "to"] else {
            throw StreamError(.improperAddressing, text: "<db:\(name.rawValue)/> needs 'from' and 'to'")
        }
        guard let from = Self.domain(fromValue) else {
            throw StreamError(.invalidFrom, text: "'\(fromValue)' is not a domain")
        }
        guard let to = Self.domain(toValue) else {
            throw StreamError(.improperAddressing, text: "'\(toValue)' is not a domain")
        }
        let id = element[attribute: "id"]
        if name == .verify, id?.isEmpty ?? true {
            throw StreamError(.badFormat, text: "<db:verify/> needs an 'id'")
        }
        self.init(name: name, from: from, to: to, id: name == .verify ? id : nil, content: try Self.content(of: element))
    }

    private static func content(of element: XMLElement) throws(StreamError) -> Content {
        switch element[attribute: "type"] {
        case nil:
            let key = DialbackKey(element.text)
            guard !key.value.isEmpty else {
                throw StreamError(.badFormat, text: "A dialback request carries a key")
            }
            return .key(key)
        case "valid":
            return .valid
        case "invalid":
            return .invalid
        case "error":
            guard let child = element.child("error"), let error = StanzaError(element: child) else {
                throw StreamError(.badFormat, text: "A dialback error carries an <error/> with a condition")
            }
            return .error(error)
        case let other?:
            throw StreamError(.badFormat, text: "'\(other)' is not a dialback type")
        }
    }

    /// The prepared domainpart of `value` when it is a domain JID.
    static func domain(_ value: String) -> String? {
        guard let jid = try? JID(value), jid.isDomain else { return nil }
        return jid.domainpart
    }
}
