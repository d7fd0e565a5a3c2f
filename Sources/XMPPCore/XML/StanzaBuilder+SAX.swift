import CLibXML2
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The builder a SAX callback works on: libxml2 passes it back as user data.
@inline(__always)
private func parser(_ user: UnsafeMutableRawPointer?) -> UnsafeMutablePointer<StanzaBuilder> {
    user.unsafelyUnwrapped.assumingMemoryBound(to: StanzaBuilder.self)
}

/// The SAX2 callbacks: C function pointers that reach the `StanzaBuilder`
/// through libxml2's user-data pointer and build `XMLElement`s.
extension StanzaBuilder {
    static func makeSAXHandler() -> xmlSAXHandler {
        var handler = xmlSAXHandler()
        handler.initialized = XML_SAX2_MAGIC
        handler.startElementNs = { user, localname, _, uri, namespaceCount, namespaces, attributeCount, _, attributes in
            guard let localname else { return }
            parser(user).pointee.startElement(
                localname: localname,
                uri: uri,
                namespaceCount: Int(namespaceCount),
                namespaces: namespaces,
                attributeCount: Int(attributeCount),
                attributes: attributes
            )
        }
        handler.endElementNs = { user, _, _, _ in parser(user).pointee.endElement() }
        // One function for both, so libxml2 never classifies whitespace.
        let characters: charactersSAXFunc = { user, bytes, length in
            guard let bytes, length > 0 else { return }
            parser(user).pointee.characters(UnsafeBufferPointer(start: bytes, count: Int(length)))
        }
        handler.characters = characters
        handler.ignorableWhitespace = characters
        handler.cdataBlock = characters
        // Everything RFC 6120 §11.1 restricts.
        handler.internalSubset = { user, _, _, _ in parser(user).pointee.restricted("a DTD (internal subset)") }
        handler.externalSubset = { user, _, _, _ in parser(user).pointee.restricted("a DTD (external subset)") }
        handler.entityDecl = { user, _, _, _, _, _ in parser(user).pointee.restricted("an entity declaration") }
        handler.unparsedEntityDecl = { user, _, _, _, _ in parser(user).pointee.restricted("an entity declaration") }
        handler.notationDecl = { user, _, _, _ in parser(user).pointee.restricted("a notation declaration") }
        handler.elementDecl = { user, _, _, _ in parser(user).pointee.restricted("an element declaration") }
        handler.attributeDecl = { user, _, _, _, _, _, _ in parser(user).pointee.restricted("an attribute-list declaration") }
        handler.reference = { user, _ in parser(user).pointee.restricted("an entity reference") }
        handler.processingInstruction = { user, _, _ in parser(user).pointee.restricted("a processing instruction") }
        handler.comment = { user, _ in parser(user).pointee.restricted("a comment") }
        handler.serror = { user, error in
            guard let error else { return }
            let owner: UnsafeMutableRawPointer? =
                if let context = error.pointee.ctxt {
                    context.assumingMemoryBound(to: xmlParserCtxt.self).pointee._private
                } else {
                    user
                }
            guard let owner else { return }
            parser(owner).pointee.libxmlError(error.pointee)
        }
        return handler
    }


    // MARK: - Events

    mutating func startElement(
        localname: UnsafePointer<xmlChar>,
        uri: UnsafePointer<xmlChar>?,
        namespaceCount: Int,
        namespaces: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?,
        attributeCount: Int,
        attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?
    ) {
        guard !finished else { return }
        guard streamOpened else {
            openStream(localname: localname, uri: uri, namespaceCount: namespaceCount, namespaces: namespaces,
                       attributeCount: attributeCount, attributes: attributes)
            return
        }
        if stack.count >= limits.maxDepth {
            fail(StreamError(.policyViolation, text: "elements nested deeper than \(limits.maxDepth)"))
            return
        }
        flushText()
        var element = XMLElement(name: names.name(localname), namespace: uri.map { names.namespace($0) })
        if attributeCount > 0, let attributes {
            element.attributes = readAttributes(attributeCount, attributes)
        }
        stack.push(OpenElement(element: element, firstChild: nodes.count))
    }

    mutating func endElement() {
        guard !finished else { return }
        if stack.isEmpty {
            finished = true
            events.append(.streamClosed)
            return
        }
        let children: [XMLNode]
        let firstChild = stack.last.pointee.firstChild
        // A leaf with a short text inside a stanza, such as <show>away</show>.
        // Top-level leaves (SASL payloads, dialback keys) are never kept.
        if stack.count > 1, nodes.count == firstChild, !pendingText.isEmpty, pendingText.count <= RecurringTextCache.maxLength {
            children = texts.leafChildren(pendingText.bytes)
            pendingText.removeAll()
        } else {
            flushText()
            children = nodes.pop(from: firstChild)
        }
        var element = stack.popLast().element
        element.children = children
        if stack.isEmpty {
            stack.trim()
            nodes.trim()
            // A stanza that began and ended within one slice is measured here.
            let end = consumedOffset
            if end - boundary > limits.maxStanzaBytes {
                failOversized()
                return
            }
            events.append(.element(element))
            boundary = end
        } else {
            nodes.push(.element(element))
        }
    }

    mutating func characters(_ bytes: UnsafeBufferPointer<xmlChar>) {
        guard !finished else { return }
        if !stack.isEmpty {
            pendingText.append(bytes)
            return
        }
        // Between stanzas only whitespace (keepalives) may appear.
        for byte in bytes where !(byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D) {
            fail(StreamError(.badFormat, text: "character data between stanzas"))
            return
        }
        boundary = consumedOffset
    }

    mutating func restricted(_ construct: String) {
        fail(StreamError(.restrictedXML, text: "\(construct) is not allowed in XMPP (RFC 6120 §11.1)"))
    }

    mutating func libxmlError(_ error: xmlError) {
        // Warnings, and libxml2's opinion that a namespace name is not a
        // well-formed URI (reported at error level), do not end a stream.
        guard error.level != XML_ERR_WARNING,
              error.code != Int32(XML_WAR_NS_URI.rawValue),
              error.code != Int32(XML_WAR_NS_URI_RELATIVE.rawValue)
        else { return }
        let message = error.message.map { String(cString: $0).trimmingTrailingNewlines } ?? "XML error"
        let detail = "\(message) (line \(error.line), column \(error.int2))"
        fail(StreamError(Self.condition(forLibxmlCode: Int(error.code)), text: detail))
    }

    // MARK: - Helpers

    private mutating func openStream(
        localname: UnsafePointer<xmlChar>,
        uri: UnsafePointer<xmlChar>?,
        namespaceCount: Int,
        namespaces: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?,
        attributeCount: Int,
        attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?
    ) {
        if let encoding = declaredNonUTF8Encoding {
            fail(StreamError(.unsupportedEncoding, text: "encoding \(encoding) is not supported; XMPP streams are UTF-8"))
            return
        }
        let name = names.name(localname)
        let namespace = uri.map { names.namespace($0) }
        guard name == "stream", namespace == XMLNamespace.streams else {
            let found = namespace.map { "{\($0)}\(name)" } ?? name
            fail(StreamError(.invalidNamespace, text: "the root element must be {\(XMLNamespace.streams)}stream, not \(found)"))
            return
        }
        var header = StreamHeader(version: nil, contentNamespace: nil)
        if namespaceCount > 0, let namespaces {
            for index in 0..<namespaceCount {
                let prefix = namespaces[2 * index].map { names.name($0) }
                let value = namespaces[2 * index + 1].map { names.namespace($0) } ?? ""
                if let prefix {
                    if value != XMLNamespace.streams { header.namespaces[prefix] = value }
                } else {
                    header.contentNamespace = value
                }
            }
        }
        if attributeCount > 0, let attributes {
            for attribute in readAttributes(attributeCount, attributes) {
                switch (attribute.namespace, attribute.name) {
                case (nil, "to"): header.to = attribute.value
                case (nil, "from"): header.from = attribute.value
                case (nil, "id"): header.id = attribute.value
                case (nil, "version"): header.version = attribute.value
                case (XMLNamespace.xml?, "lang"): header.lang = attribute.value
                default: header.otherAttributes.append(attribute)
                }
            }
        }
        streamOpened = true
        // libxml2 reports a start tag before consuming its closing '>'.
        boundary = consumedOffset + 1
        events.append(.streamOpened(header))
    }

    /// libxml2 passes five pointers per attribute: localname, prefix, URI,
    /// value start, value end.
    private mutating func readAttributes(_ count: Int, _ pointers: UnsafeMutablePointer<UnsafePointer<xmlChar>?>) -> [XMLAttribute] {
        var result: [XMLAttribute] = []
        result.reserveCapacity(count)
        for index in 0..<count {
            let base = pointers + 5 * index
            guard let localname = base[0], let start = base[3], let end = base[4] else { continue }
            let value = texts.attributeValue(UnsafeBufferPointer(start: start, count: end - start))
            result.append(XMLAttribute(name: names.name(localname), namespace: base[2].map { names.namespace($0) }, value: value))
        }
        return result
    }

    @inline(__always)
    private mutating func flushText() {
        guard !pendingText.isEmpty else { return }
        nodes.push(.text(pendingText.take()))
    }
}

extension String {
    /// An attribute value as libxml2 hands it over: the ampersand check runs
    /// on the raw bytes, so the usual value (none) is decoded once, directly.
    @inline(__always)
    init(decodingAttributeValue bytes: UnsafeBufferPointer<xmlChar>) {
        self = String(decoding: bytes, as: UTF8.self)
        if let start = bytes.baseAddress, memchr(start, Int32(UInt8(ascii: "&")), bytes.count) != nil {
            self = replacingAll("&#38;", with: "&")
        }
    }

    /// With entity substitution off, libxml2 hands an ampersand in an
    /// attribute value (namespace names included) over as the character
    /// reference "&#38;"; that is the only reference left in such a value.
    var decodingLibxmlAmpersands: String {
        var string = self
        let hasAmpersand = string.withUTF8 { $0.contains(UInt8(ascii: "&")) }
        return hasAmpersand ? replacingAll("&#38;", with: "&") : string
    }

    var trimmingTrailingNewlines: String {
        var result = self
        while result.last == "\n" { result.removeLast() }
        return result
    }

    /// Replaces every occurrence of `target` (no Foundation needed).
    func replacingAll(_ target: String, with replacement: String) -> String {
        var result = ""
        var rest = self[...]
        while let range = rest.firstRange(of: target) {
            result += rest[..<range.lowerBound]
            result += replacement
            rest = rest[range.upperBound...]
        }
        result += rest
        return result
    }
}
