/// The attributes and namespace declarations of a `<stream:stream>` opening
/// tag (RFC 6120 §4.7).
public struct StreamHeader: Hashable, Sendable {
    public var to: String?
    public var from: String?
    public var id: String?
    public var version: String?
    /// `xml:lang`.
    public var lang: String?
    /// The content namespace: the default namespace declared on the stream
    /// element (`jabber:client`, `jabber:server`), or `nil` if none.
    public var contentNamespace: String?
    /// Prefixed namespace declarations other than the `stream` prefix itself,
    /// e.g. `["db": "jabber:server:dialback"]`.
    public var namespaces: [String: String]
    /// Attributes other than to, from, id, version and xml:lang, as received.
    public var otherAttributes: [XMLAttribute]

    public init(
        to: String? = nil,
        from: String? = nil,
        id: String? = nil,
        version: String? = "1.0",
        lang: String? = nil,
        contentNamespace: String? = XMLNamespace.client,
        namespaces: [String: String] = [:],
        otherAttributes: [XMLAttribute] = []
    ) {
        self.to = to
        self.from = from
        self.id = id
        self.version = version
        self.lang = lang
        self.contentNamespace = contentNamespace
        self.namespaces = namespaces
        self.otherAttributes = otherAttributes
    }
}

extension StreamHeader {
    /// The opening tag as sent on the wire, preceded by the XML declaration.
    /// Prefixed namespaces are declared in sorted order so output is stable.
    public var opening: String {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(256)
        XMLSerializer.appendRaw("<?xml version='1.0'?><stream:stream", to: &buffer)
        if let contentNamespace { appendAttribute("xmlns", contentNamespace, to: &buffer) }
        appendAttribute("xmlns:stream", XMLNamespace.streams, to: &buffer)
        for (prefix, uri) in namespaces.sorted(by: { $0.key < $1.key }) where prefix != "stream" {
            appendAttribute("xmlns:" + prefix, uri, to: &buffer)
        }
        if let from { appendAttribute("from", from, to: &buffer) }
        if let to { appendAttribute("to", to, to: &buffer) }
        if let id { appendAttribute("id", id, to: &buffer) }
        if let version { appendAttribute("version", version, to: &buffer) }
        if let lang { appendAttribute("xml:lang", lang, to: &buffer) }
        for attribute in otherAttributes where attribute.namespace == nil {
            appendAttribute(attribute.name, attribute.value, to: &buffer)
        }
        buffer.append(UInt8(ascii: ">"))
        return String(decoding: buffer, as: UTF8.self)
    }

    /// The closing tag.
    public static let closing = "</stream:stream>"

    private func appendAttribute(_ name: String, _ value: String, to buffer: inout [UInt8]) {
        buffer.append(UInt8(ascii: " "))
        XMLSerializer.appendRaw(name, to: &buffer)
        XMLSerializer.appendRaw("='", to: &buffer)
        XMLSerializer.appendEscaped(value, attribute: true, to: &buffer)
        buffer.append(UInt8(ascii: "'"))
    }
}
