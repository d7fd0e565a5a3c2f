import CLibXML2

/// An incremental parser for one XMPP XML stream, over libxml2's SAX2 push
/// parser (namespace-aware).
///
/// Feed it bytes in any chunking; it reports the stream header, each
/// first-level element complete, and the stream's end. It enforces RFC 6120
/// §11: no DTD, no entity declarations or references beyond the five
/// predefined and character references, no comments and no processing
/// instructions (`restricted-xml`); well-formed UTF-8 XML only
/// (`not-well-formed`, `unsupported-encoding`); the streams namespace on the
/// root (`invalid-namespace`); declared prefixes (`bad-namespace-prefix`); and
/// the configured size and depth limits (`policy-violation`). Nothing is ever
/// expanded, and the bytes it holds stay below `maxStanzaBytes` plus one feed
/// slice whatever the input.
///
/// Not thread-safe: one parser belongs to one connection on one event loop.
public final class XMLStreamParser {
    public struct Limits: Hashable, Sendable {
        /// Largest first-level element, in bytes on the wire, counted from the
        /// end of the previous one (RFC 6120 §13.12 asks for at least 10,000).
        public var maxStanzaBytes: Int
        /// Deepest element nesting below the stream element; a stanza is
        /// depth 1, its payload depth 2, and so on.
        public var maxDepth: Int

        public init(maxStanzaBytes: Int = 256 * 1024, maxDepth: Int = 32) {
            self.maxStanzaBytes = maxStanzaBytes
            self.maxDepth = maxDepth
        }
    }

    public var limits: Limits { builder.pointee.limits }

    /// The state the SAX callbacks work on, at a stable address handed to
    /// libxml2 as user data (no reference counting, no dynamic exclusivity
    /// checks on the hot path).
    private let builder: UnsafeMutablePointer<StanzaBuilder>
    private var context: xmlParserCtxtPtr?
    /// The byte-level check ahead of libxml2; see `MarkupGuard`.
    private var markupGuard = MarkupGuard()

    /// Most bytes handed to libxml2 at once, so the size limit is checked at
    /// least this often.
    static let sliceSize = 16 * 1024

    public init(limits: Limits = Limits()) {
        Self.initializeLibrary
        builder = .allocate(capacity: 1)
        builder.initialize(to: StanzaBuilder(limits: limits))
        context = makeContext()
    }

    deinit {
        if let context { xmlFreeParserCtxt(context) }
        builder.pointee.release()
        builder.deinitialize(count: 1)
        builder.deallocate()
    }

    /// Whether the parser keeps `text` among its recurring texts (for tests).
    func keepsRecurringText(_ text: String) -> Bool {
        builder.pointee.texts.holds(text)
    }

    /// Starts over for a stream restart (after STARTTLS, SASL success or
    /// compression): the next bytes must open a new stream.
    public func reset() {
        if let context { xmlFreeParserCtxt(context) }
        builder.pointee.release()
        builder.pointee = StanzaBuilder(limits: builder.pointee.limits)
        markupGuard = MarkupGuard()
        context = makeContext()
    }

    /// Parses the next bytes of the stream and returns what they completed.
    public func feed(_ bytes: UnsafeRawBufferPointer) -> [XMLStreamEvent] {
        guard !builder.pointee.finished, let context else { return [] }
        var offset = 0
        while offset < bytes.count, !builder.pointee.finished {
            let count = min(Self.sliceSize, bytes.count - offset)
            let slice = UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + count)])
            offset += count
            if !markupGuard.isPastProlog, let error = markupGuard.scan(slice) {
                builder.pointee.fail(error)
                break
            }
            builder.pointee.fed += count
            let status = xmlParseChunk(context, slice.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(count), 0)
            if status != 0 {
                builder.pointee.fail(StreamError(.notWellFormed, text: "libxml2 error \(status)"))
            }
            builder.pointee.checkPendingSize()
            checkUnparsedBytes(context)
        }
        return builder.pointee.takeEvents()
    }

    /// Convenience for byte arrays and other contiguous collections.
    public func feed(_ bytes: some Sequence<UInt8>) -> [XMLStreamEvent] {
        if let result = bytes.withContiguousStorageIfAvailable({ feed(UnsafeRawBufferPointer($0)) }) {
            return result
        }
        return Array(bytes).withUnsafeBytes { feed($0) }
    }

    /// Convenience for text.
    public func feed(_ text: String) -> [XMLStreamEvent] {
        feed(Array(text.utf8))
    }

    /// What libxml2 buffered but has not parsed yet is what its push mode
    /// may be waiting on (a `;` after a bare `&`, the next tag after a `<` in
    /// an attribute value, the end of a comment): the guard reports it now.
    private func checkUnparsedBytes(_ context: xmlParserCtxtPtr) {
        guard markupGuard.isPastProlog, !builder.pointee.finished,
              let input = context.pointee.input, let current = input.pointee.cur, let end = input.pointee.end,
              current < end
        else { return }
        let state = context.pointee.instate
        guard state == XML_PARSER_CONTENT || state == XML_PARSER_START_TAG || state == XML_PARSER_END_TAG
            || state == XML_PARSER_CDATA_SECTION
        else { return }
        let unparsed = UnsafeRawBufferPointer(start: current, count: end - current)
        if let error = markupGuard.scanUnparsed(unparsed, inCDATA: state == XML_PARSER_CDATA_SECTION) {
            builder.pointee.fail(error)
        }
    }

    private static let initializeLibrary: Void = { xmlInitParser() }()

    private func makeContext() -> xmlParserCtxtPtr? {
        var handler = StanzaBuilder.makeSAXHandler()
        let user = UnsafeMutableRawPointer(builder)
        guard let context = xmlCreatePushParserCtxt(&handler, user, nil, 0, nil) else { return nil }
        // No network, CDATA reported as character data; entity substitution
        // stays off (no XML_PARSE_NOENT) and libxml2's own size limits stay on
        // (no XML_PARSE_HUGE).
        xmlCtxtUseOptions(context, Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOCDATA.rawValue))
        context.pointee._private = user
        builder.pointee.context = context
        return context
    }
}

@available(*, unavailable)
extension XMLStreamParser: Sendable {}
