import Trace
import XMPPCore

extension TraceSink {
    /// Records a stanza seen by a lab client or at a server hop, with its
    /// addressing and raw XML. The XML is written out by the sink when it
    /// keeps the event — by a recorder on its writer thread, not on the
    /// run's event loops — and, unless `bytes` is given, its length is the
    /// event's byte count.
    func recordStanza(
        _ element: XMLElement, node: String, connection: UInt64? = nil, direction: TraceDirection, bytes: Int? = nil,
        time: UInt64
    ) {
        let event = TraceEvent(
            time: time, node: node, connection: connection, direction: direction,
            kind: direction == .incoming ? .stanzaIn : .stanzaOut,
            stanza: TraceStanza(
                name: element.name, type: element[attribute: "type"], from: element[attribute: "from"],
                to: element[attribute: "to"], id: element[attribute: "id"]
            ),
            bytes: bytes, detail: ""
        )
        record(event) { XMLSerializer.serialize(element, into: &$0) }
    }
}
