/// Writes elements in their wire form (UTF-8).
///
/// - The element's namespace becomes a default-namespace declaration only
///   where it differs from the one in scope (`inheritedNamespace`), so a stanza
///   written inside a `jabber:client` stream carries no `xmlns`.
/// - Namespaced attributes get the `xml:` prefix or a generated `nsN:` prefix
///   declared on the same element.
/// - Character data escapes `&`, `<`, `>` and carriage return; attribute values
///   also escape quotes, tab and line feed, so the parser gives back exactly
///   the same strings.
/// - Characters XML 1.0 cannot carry (controls other than tab/LF/CR, U+FFFE,
///   U+FFFF) are written as U+FFFD so the output is always well-formed; the
///   round-trip property therefore holds for strings of XML characters.
public enum XMLSerializer {
    public static func serialize(_ element: XMLElement, inheritedNamespace: String? = nil) -> String {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(256)
        serialize(element, into: &buffer, inheritedNamespace: inheritedNamespace)
        return String(decoding: buffer, as: UTF8.self)
    }

    public static func serialize(_ element: XMLElement, into buffer: inout [UInt8], inheritedNamespace: String? = nil) {
        buffer.append(UInt8(ascii: "<"))
        appendRaw(element.name, to: &buffer)
        if element.namespace != inheritedNamespace {
            appendRaw(" xmlns='", to: &buffer)
            if let namespace = element.namespace { appendEscaped(namespace, attribute: true, to: &buffer) }
            buffer.append(UInt8(ascii: "'"))
        }
        var generatedPrefixes: [String: String] = [:]
        for attribute in element.attributes {
            guard let prefix = prefix(for: attribute, generated: &generatedPrefixes, buffer: &buffer) else { continue }
            buffer.append(UInt8(ascii: " "))
            if !prefix.isEmpty {
                appendRaw(prefix, to: &buffer)
                buffer.append(UInt8(ascii: ":"))
            }
            appendRaw(attribute.name, to: &buffer)
            buffer.append(UInt8(ascii: "="))
            buffer.append(UInt8(ascii: "'"))
            appendEscaped(attribute.value, attribute: true, to: &buffer)
            buffer.append(UInt8(ascii: "'"))
        }
        if element.children.isEmpty {
            buffer.append(UInt8(ascii: "/"))
            buffer.append(UInt8(ascii: ">"))
            return
        }
        buffer.append(UInt8(ascii: ">"))
        for child in element.children {
            switch child {
            case .text(let text): appendEscaped(text, attribute: false, to: &buffer)
            case .element(let child): serialize(child, into: &buffer, inheritedNamespace: element.namespace)
            }
        }
        buffer.append(UInt8(ascii: "<"))
        buffer.append(UInt8(ascii: "/"))
        appendRaw(element.name, to: &buffer)
        buffer.append(UInt8(ascii: ">"))
    }

    /// Writes a first-level child of a stream whose header declared the
    /// `stream` prefix, `contentNamespace` as the default namespace, and the
    /// prefixed namespaces in `prefixes` (namespace URI → prefix, e.g.
    /// `jabber:server:dialback` → `db`). An element in the streams namespace
    /// (`<stream:features>`, `<stream:error>`, RFC 6120 §4.8.3) or in one of
    /// `prefixes` is written with its prefix, its children in the content
    /// namespace needing no declaration; everything else as `serialize` does.
    /// (A prefixed element's own namespaced attributes are not expected here.)
    public static func serializeStreamChild(
        _ element: XMLElement, into buffer: inout [UInt8], contentNamespace: String?, prefixes: [String: String] = [:]
    ) {
        let prefix: String?
        if element.namespace == XMLNamespace.streams {
            prefix = "stream"
        } else if let namespace = element.namespace {
            prefix = prefixes[namespace]
        } else {
            prefix = nil
        }
        guard let prefix else {
            serialize(element, into: &buffer, inheritedNamespace: contentNamespace)
            return
        }
        var prefixed = element
        prefixed.name = prefix + ":" + element.name
        // Written as if in the content namespace, so no xmlns goes out; a
        // child in the prefixed namespace then declares it itself.
        prefixed.namespace = contentNamespace
        serialize(prefixed, into: &buffer, inheritedNamespace: contentNamespace)
    }

    /// The prefix to write before an attribute's name ("" for none), declaring
    /// a generated one when needed; `nil` to skip an attribute that is really a
    /// namespace declaration (those follow from the namespaces).
    private static func prefix(
        for attribute: XMLAttribute,
        generated: inout [String: String],
        buffer: inout [UInt8]
    ) -> String? {
        guard let namespace = attribute.namespace else {
            return attribute.name == "xmlns" ? nil : ""
        }
        if namespace == XMLNamespace.xml { return "xml" }
        if namespace == XMLNamespace.xmlns { return nil }
        if let prefix = generated[namespace] { return prefix }
        let prefix = "ns\(generated.count)"
        generated[namespace] = prefix
        appendRaw(" xmlns:\(prefix)='", to: &buffer)
        appendEscaped(namespace, attribute: true, to: &buffer)
        buffer.append(UInt8(ascii: "'"))
        return prefix
    }

    @inline(__always)
    static func appendRaw(_ string: String, to buffer: inout [UInt8]) {
        var string = string
        string.withUTF8 { buffer.append(contentsOf: $0) }
    }

    /// Appends `string` escaped for character data or for a single-quoted
    /// attribute value. Runs of bytes that need nothing are copied at once.
    /// Per byte value: bit 1 set when text needs a look at it, bit 2 when an
    /// attribute value does (markup characters, controls, the lead byte of
    /// U+FFFE/U+FFFF). Everything else is copied in runs without a look.
    private static let attention: [UInt8] = (0..<256).map { value -> UInt8 in
        switch UInt8(value) {
        case UInt8(ascii: "&"), UInt8(ascii: "<"), UInt8(ascii: ">"), 0x0D, 0xEF: 3
        case UInt8(ascii: "'"), UInt8(ascii: "\""), 0x09, 0x0A: 2
        case 0x00..<0x20: 3
        default: 0
        }
    }

    static func appendEscaped(_ string: String, attribute: Bool, to buffer: inout [UInt8]) {
        var string = string
        let mask: UInt8 = attribute ? 2 : 1
        attention.withUnsafeBufferPointer { attention in
        string.withUTF8 { bytes in
            var runStart = 0
            var index = 0
            let count = bytes.count
            while index < count {
                let byte = bytes[index]
                guard attention[Int(byte)] & mask != 0 else {
                    index += 1
                    continue
                }
                let replacement: StaticString?
                var width = 1
                switch byte {
                case UInt8(ascii: "&"): replacement = "&amp;"
                case UInt8(ascii: "<"): replacement = "&lt;"
                case UInt8(ascii: ">"): replacement = "&gt;"
                case 0x0D: replacement = "&#13;"
                case UInt8(ascii: "'") where attribute: replacement = "&apos;"
                case UInt8(ascii: "\"") where attribute: replacement = "&quot;"
                case 0x09 where attribute: replacement = "&#9;"
                case 0x0A where attribute: replacement = "&#10;"
                case 0x09, 0x0A: replacement = nil
                case 0x00..<0x20: replacement = "\u{FFFD}"
                case 0xEF where index + 2 < count && bytes[index + 1] == 0xBF && (bytes[index + 2] == 0xBE || bytes[index + 2] == 0xBF):
                    replacement = "\u{FFFD}"  // U+FFFE, U+FFFF
                    width = 3
                default: replacement = nil
                }
                if let replacement {
                    buffer.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                    replacement.withUTF8Buffer { buffer.append(contentsOf: $0) }
                    index += width
                    runStart = index
                } else {
                    index += 1
                }
            }
            buffer.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<count]))
        }
        }
    }
}

extension XMLElement {
    /// The wire form of this element, as if written where `inheritedNamespace`
    /// is the default namespace in scope.
    public func serialized(inheritedNamespace: String? = nil) -> String {
        XMLSerializer.serialize(self, inheritedNamespace: inheritedNamespace)
    }
}

extension XMLElement: CustomStringConvertible {
    public var description: String { serialized() }
}
