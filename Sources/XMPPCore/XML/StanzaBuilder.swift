import CLibXML2

/// What the SAX callbacks build: the open elements of the current stanza,
/// the events completed so far, and the bookkeeping for limits.
struct StanzaBuilder {
    let limits: XMLStreamParser.Limits
    var context: xmlParserCtxtPtr?
    /// Events produced during the current `feed` call.
    var events: [XMLStreamEvent] = []
    /// Open elements below the stream element; the bottom one is the
    /// stanza. Manually managed, like `nodes` and `pendingText`: `release()`
    /// before the builder is dropped.
    var stack = BuilderStack<OpenElement>()
    /// The finished children of the open elements.
    var nodes = BuilderStack<XMLNode>()
    var streamOpened = false
    /// Closed or failed: further input is ignored until a reset.
    var finished = false
    /// Character data not yet attached to an element. Manually managed:
    /// `release()` before the builder is dropped.
    var pendingText = TextBuffer()
    var names = NameCache()
    /// Recurring attribute values and leaf texts. Manually managed:
    /// `release()` before the builder is dropped.
    var texts = RecurringTextCache()
    /// Offset in the stream just after the last complete first-level element
    /// (or the stream header, or whitespace between stanzas).
    var boundary = 0
    /// Bytes handed to libxml2 since the last reset.
    var fed = 0

    init(limits: XMLStreamParser.Limits) {
        self.limits = limits
    }

    /// Frees what the builder holds outside reference counting; call before
    /// dropping or replacing it.
    mutating func release() {
        stack.release()
        nodes.release()
        pendingText.release()
        texts.release()
    }

    mutating func takeEvents() -> [XMLStreamEvent] {
        let taken = events
        events = []
        events.reserveCapacity(16)
        return taken
    }

    /// Ends parsing with `error` as the last event.
    mutating func fail(_ error: StreamError) {
        guard !finished else { return }
        finished = true
        events.append(.failed(error))
        if let context { xmlStopParser(context) }
    }

    /// After each slice: the bytes since the last complete stanza must fit
    /// the limit, whether or not libxml2 has parsed them yet.
    mutating func checkPendingSize() {
        if !finished, fed - boundary > limits.maxStanzaBytes {
            failOversized()
        }
    }

    /// Ends parsing because a stanza exceeds `maxStanzaBytes`.
    mutating func failOversized() {
        fail(StreamError(.policyViolation, text: "stanza larger than \(limits.maxStanzaBytes) bytes"))
    }

    /// The stream offset libxml2 has consumed up to, during a callback.
    var consumedOffset: Int {
        guard let context else { return fed }
        return xmlByteConsumed(context)
    }

    /// The declared encoding, if the XML declaration named one other than
    /// UTF-8; XMPP allows UTF-8 only (RFC 6120 §11.6).
    var declaredNonUTF8Encoding: String? {
        guard let context else { return nil }
        for pointer in [context.pointee.encoding, context.pointee.input?.pointee.encoding] {
            guard let pointer else { continue }
            let name = String(cString: pointer)
            let folded = name.lowercased()
            if folded != "utf-8" && folded != "utf8" { return name }
        }
        return nil
    }
}

/// An element whose end tag has not arrived yet: its children so far are
/// the builder's `nodes` from `firstChild` on, and join it at the end tag.
struct OpenElement {
    var element: XMLElement
    var firstChild: Int
}

/// Names and namespace URIs by their address in libxml2's dictionary: a
/// parser context interns each name once, so equal names share one pointer
/// and a hit costs no allocation. Fixed in size, so a peer that sends endless
/// distinct names cannot grow it; cleared with the context.
///
/// libxml2 packs its dictionary strings byte after byte, so the addresses of
/// the names of one stanza differ in their low bits only: they are hashed by
/// a multiplication that spreads every bit, and each name may sit in any of
/// `ways` slots after its hash (a name that collides with another evicts it
/// only when all of them are taken). The direct-mapped table this replaces
/// missed one lookup in four on `make bench`'s stream.
struct NameCache {
    private static let slots = 128
    private static let ways = 4
    private var keys = [UnsafeRawPointer?](repeating: nil, count: slots)
    private var values = [String](repeating: "", count: slots)
    /// Which way of a full window the next miss takes.
    private var nextVictim = 0

    @inline(__always)
    mutating func name(_ pointer: UnsafePointer<xmlChar>) -> String {
        lookup(pointer, decodeAmpersands: false)
    }

    /// A namespace name is an attribute value too: an ampersand in it comes
    /// as "&#38;" (see `StanzaBuilder.readAttributes`).
    @inline(__always)
    mutating func namespace(_ pointer: UnsafePointer<xmlChar>) -> String {
        lookup(pointer, decodeAmpersands: true)
    }

    @inline(__always)
    private mutating func lookup(_ pointer: UnsafePointer<xmlChar>, decodeAmpersands: Bool) -> String {
        let key = UnsafeRawPointer(pointer)
        let bits = UInt64(UInt(bitPattern: key))
        let first = Int(truncatingIfNeeded: (bits &* 0x9E37_79B9_7F4A_7C15) >> 57)
        let found: Int? = keys.withUnsafeBufferPointer { keys in
            for way in 0..<Self.ways where keys[(first + way) & (Self.slots - 1)] == key {
                return (first + way) & (Self.slots - 1)
            }
            return nil
        }
        if let found { return values[found] }
        return insert(pointer, window: first, decodeAmpersands: decodeAmpersands)
    }

    @inline(never)
    private mutating func insert(_ pointer: UnsafePointer<xmlChar>, window first: Int, decodeAmpersands: Bool) -> String {
        var string = String(cString: pointer)
        if decodeAmpersands { string = string.decodingLibxmlAmpersands }
        var slot = (first + nextVictim) & (Self.slots - 1)
        for way in 0..<Self.ways where keys[(first + way) & (Self.slots - 1)] == nil {
            slot = (first + way) & (Self.slots - 1)
            break
        }
        nextVictim = (nextVictim + 1) % Self.ways
        keys[slot] = UnsafeRawPointer(pointer)
        values[slot] = string
        return string
    }
}
