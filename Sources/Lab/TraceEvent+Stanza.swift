import Trace
import XMPPCore

extension TraceEvent {
    /// A stanza seen by a lab client, with its addressing and raw XML.
    static func stanza(_ element: XMLElement, node: String, direction: TraceDirection, time: UInt64) -> TraceEvent {
        let xml = XMLSerializer.serialize(element)
        return TraceEvent(
            time: time, node: node, direction: direction, kind: direction == .incoming ? .stanzaIn : .stanzaOut,
            stanza: TraceStanza(
                name: element.name, type: element[attribute: "type"], from: element[attribute: "from"],
                to: element[attribute: "to"], id: element[attribute: "id"]
            ),
            bytes: xml.utf8.count, detail: xml
        )
    }
}
