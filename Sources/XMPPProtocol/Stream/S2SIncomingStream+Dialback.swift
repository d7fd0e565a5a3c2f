import XMPPCore

extension S2SIncomingStream {
    /// `<db:result/>` (receiving role) and `<db:verify/>` (authoritative role), XEP-0220 §2.1.
    mutating func handleDialback(_ element: XMLElement) -> [S2SIncomingAction] {
        guard policy.dialback else {
            return close(StreamError(.unsupportedStanzaType, text: "Server Dialback is not enabled here"))
        }
        guard let from = element[attribute: "from"], let to = element[attribute: "to"] else {
            return close(StreamError(.improperAddressing, text: "Dialback elements need 'from' and 'to'"))
        }
        switch element.name {
        case "result" where element[attribute: "type"] == nil:
            guard hostedDomains.contains(to) else {
                return [.send(dialbackError("result", from: to, to: from, id: nil, .itemNotFound))]
            }
            guard let streamID else { return close(StreamError(.internalServerError)) }
            return [.verifyDialback(originating: from, receiving: to, streamID: streamID, key: element.text)]
        case "verify":
            return [.send(answerVerify(element, from: from, to: to))]
        default:
            return close(StreamError(.unsupportedStanzaType, text: "Unexpected dialback element <\(element.name)/>"))
        }
    }

    /// The authoritative server's verdict arrived (XEP-0220 §2.1.3).
    public mutating func dialbackVerified(originating: String, receiving: String, verdict: DialbackVerdict) -> [S2SIncomingAction] {
        if case .closed = stage { return [] }
        switch verdict {
        case .valid:
            authorizedPairs.insert(DomainPair(from: originating, to: receiving))
            return [
                .send(dialbackAnswer("result", from: receiving, to: originating, id: nil, type: "valid")),
                .authorized(remoteDomain: originating, localDomain: receiving, method: .dialback),
            ]
        case .invalid:
            // XEP-0220 §2.1.3: the key is refused; the originating server closes or tries again.
            return [.send(dialbackAnswer("result", from: receiving, to: originating, id: nil, type: "invalid"))]
        case .error(let condition):
            return [.send(dialbackError("result", from: receiving, to: originating, id: nil, condition))]
        }
    }

    /// Answers `<db:verify/>` as the authoritative server (XEP-0220 §2.1.2).
    func answerVerify(_ element: XMLElement, from: String, to: String) -> XMLElement {
        let id = element[attribute: "id"] ?? ""
        guard hostedDomains.contains(to) else {
            return dialbackError("verify", from: to, to: from, id: id, .itemNotFound)
        }
        let expected = dialbackKey(from, to, id)
        let valid = Self.constantTimeEqual(Array(expected.utf8), Array(element.text.utf8))
        return dialbackAnswer("verify", from: to, to: from, id: id, type: valid ? "valid" : "invalid")
    }

    func dialbackAnswer(_ name: String, from: String, to: String, id: String?, type: String) -> XMLElement {
        var attributes = [XMLAttribute(name: "from", value: from), XMLAttribute(name: "to", value: to)]
        if let id { attributes.append(XMLAttribute(name: "id", value: id)) }
        attributes.append(XMLAttribute(name: "type", value: type))
        return XMLElement(name: name, namespace: XMLNamespace.dialback, attributes: attributes)
    }

    func dialbackError(_ name: String, from: String, to: String, id: String?, _ condition: StanzaErrorCondition) -> XMLElement {
        var answer = dialbackAnswer(name, from: from, to: to, id: id, type: "error")
        answer.append(StanzaError(condition).element(namespace: XMLNamespace.dialback))
        return answer
    }

    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }
}
