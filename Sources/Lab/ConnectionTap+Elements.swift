import Trace
import XMPPCore

/// What each first-level element of a server connection means for the
/// recording, by namespace: the negotiation protocols become events of
/// their kind, stanzas are counted (and recorded at `hops` detail).
extension ConnectionTap {
    func observe(_ element: XMLElement, direction: TraceDirection, bytes: Int?) {
        switch element.namespace {
        case XMLNamespace.client, XMLNamespace.server:
            stanza(element, direction: direction, bytes: bytes)
        case XMLNamespace.streamManagement:
            streamManagement(element, direction: direction, bytes: bytes)
        case XMLNamespace.sasl:
            sasl(element, direction: direction, bytes: bytes)
        case XMLNamespace.dialback:
            dialback(element, direction: direction, bytes: bytes)
        case XMLNamespace.tls:
            record(.tls, direction, "<\(element.name)/>", bytes: bytes)
        case XMLNamespace.bidi where element.name == "bidi":
            update { $0.bidi = true }
            record(.bidi, direction, "<bidi/>", bytes: bytes)
        case XMLNamespace.streams where element.name == "features":
            record(.streamFeatures, direction, Self.features(element), bytes: bytes)
        case XMLNamespace.streams where element.name == "error":
            let condition = Self.condition(element, namespace: XMLNamespace.streamErrors)
            let text = element.child("text", namespace: XMLNamespace.streamErrors)?.text
            let said = direction == .outgoing ? "sent" : "received"
            closeReason = closeReason ?? "stream error \(said): \(condition)"
            record(.streamClosed, direction, "stream error \(condition)" + (text.map { ": \($0)" } ?? ""), bytes: bytes)
        default:
            record(.note, direction, "<\(element.name) xmlns='\(element.namespace ?? "")'/>", bytes: bytes)
        }
    }

    private func stanza(_ element: XMLElement, direction: TraceDirection, bytes: Int?) {
        if direction == .incoming { connection.stanzasIn += 1 } else { connection.stanzasOut += 1 }
        if element.name == "iq", let bind = element.child("bind", namespace: XMLNamespace.bind) {
            if let jid = bind.child("jid", namespace: XMLNamespace.bind)?.text, let bare = jid.split(separator: "/").first {
                if connection.kind == .c2s { update { $0.peer = String(bare) } }
                record(.bind, direction, "bound \(bare)", bytes: bytes)
            } else if element[attribute: "type"] == "set" {
                record(.bind, direction, "bind request", bytes: bytes)
            } else if element[attribute: "type"] == "error" {
                record(.bind, direction, "bind refused: \(Self.condition(element.child("error") ?? element, namespace: XMLNamespace.stanzaErrors))", bytes: bytes)
            }
        }
        guard recordsHops else { return }
        recorder.trace.recordStanza(
            element, node: connection.node, connection: connection.id, direction: direction, bytes: bytes,
            time: recorder.now
        )
    }

    private func streamManagement(_ element: XMLElement, direction: TraceDirection, bytes: Int?) {
        switch element.name {
        case "a", "r":
            guard recordsHops else { return }
            let detail = element.name == "a" ? "a h=\(element[attribute: "h"] ?? "?")" : "r"
            record(.smAck, direction, detail, bytes: bytes)
        case "enable":
            resuming = false
            record(.smEnable, direction, "enable" + (element[attribute: "resume"].map { " resume=\($0)" } ?? ""), bytes: bytes)
        case "enabled":
            update { $0.streamManagement = true }
            if connection.kind == .c2s, direction == .outgoing, let id = element[attribute: "id"], let peer = connection.peer {
                recorder.remember(resumption: id, of: peer, at: connection.node)
            }
            let resume = element[attribute: "resume"].map { " resume=\($0)" } ?? ""
            record(.smEnable, direction, "enabled" + resume + (element[attribute: "max"].map { " max=\($0)" } ?? ""), bytes: bytes)
        case "resume":
            resuming = true
            record(.smResume, direction, "resume h=\(element[attribute: "h"] ?? "?")", bytes: bytes)
        case "resumed":
            update { $0.streamManagement = true }
            // The session's account, from the connection that enabled it (a <resume/> names none).
            if connection.kind == .c2s, connection.peer == nil, let id = element[attribute: "previd"],
               let peer = recorder.peer(resuming: id, at: connection.node) {
                update { $0.peer = peer }
            }
            record(.smResume, direction, "resumed h=\(element[attribute: "h"] ?? "?")", bytes: bytes)
        case "failed":
            let condition = Self.condition(element, namespace: XMLNamespace.stanzaErrors)
            record(resuming ? .smResume : .smEnable, direction, "failed \(condition)", bytes: bytes)
        default:
            record(.note, direction, "<\(element.name) xmlns='\(XMLNamespace.streamManagement)'/>", bytes: bytes)
        }
    }

    /// Mechanisms and outcomes only: the payloads (passwords, SCRAM proofs) are never read.
    private func sasl(_ element: XMLElement, direction: TraceDirection, bytes: Int?) {
        switch element.name {
        case "auth":
            mechanism = element[attribute: "mechanism"]
            record(.sasl, direction, "auth \(mechanism ?? "?")", bytes: bytes)
        case "success":
            let method = mechanism ?? "?"
            update { $0.authMethod = method }
            record(.sasl, direction, "success", bytes: bytes)
        case "failure":
            record(.sasl, direction, "failure \(Self.condition(element, namespace: XMLNamespace.sasl))", bytes: bytes)
        default:
            record(.sasl, direction, element.name, bytes: bytes)
        }
    }

    /// Domains and verdicts only: the keys are never read.
    private func dialback(_ element: XMLElement, direction: TraceDirection, bytes: Int?) {
        let from = element[attribute: "from"] ?? "?"
        let to = element[attribute: "to"] ?? "?"
        var detail = "db:\(element.name) \(from) -> \(to)"
        if let type = element[attribute: "type"] {
            detail += " \(type)"
            if type == "error" { detail += " \(Self.condition(element.child("error") ?? element, namespace: XMLNamespace.stanzaErrors))" }
        }
        if element.name == "result", element[attribute: "type"] == "valid" {
            update {
                $0.dialback = true
                if $0.authMethod == nil { $0.authMethod = "dialback" }
            }
        }
        record(.dialback, direction, detail, bytes: bytes)
    }

    /// The name of the first child in `namespace` other than `<text/>`.
    static func condition(_ element: XMLElement, namespace: String) -> String {
        element.elements.first { $0.namespace == namespace && $0.name != "text" }?.name ?? "undefined-condition"
    }

    /// `starttls (required), mechanisms PLAIN SCRAM-SHA-256, bind, sm, …`.
    static func features(_ element: XMLElement) -> String {
        let parts = element.elements.map { feature -> String in
            switch (feature.namespace, feature.name) {
            case (XMLNamespace.tls, "starttls"):
                return feature.child("required", namespace: XMLNamespace.tls) == nil ? "starttls" : "starttls (required)"
            case (XMLNamespace.sasl, "mechanisms"):
                let names = feature.children("mechanism", namespace: XMLNamespace.sasl).map(\.text)
                return (["mechanisms"] + names).joined(separator: " ")
            default:
                return feature.name
            }
        }
        return parts.isEmpty ? "(none)" : parts.joined(separator: ", ")
    }
}
