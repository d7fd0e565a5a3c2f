/// A byte-level check that runs before libxml2 sees the input, for what
/// libxml2's push mode would only report once a later delimiter arrives (a
/// bare `&` waits for some `;`, a `<` in an attribute value for the next
/// tag) or would buffer whole before reporting (a DTD, a comment, a
/// processing instruction). With it, a peer that sends such input and then
/// waits gets its stream error at once.
///
/// It tracks just enough of XML's lexical structure to be exact: the prolog,
/// character data, tags, quoted attribute values, CDATA sections and
/// references. Everything else is left to libxml2.
struct MarkupGuard {
    private enum State: Equatable {
        /// Character data (or the prolog, before the root start tag).
        case text
        /// Just read `<`.
        case afterLessThan
        /// Read `<!` and the first `matched` bytes of `[CDATA[`.
        case declaration(matched: Int)
        /// Inside a CDATA section, `matched` bytes of `]]>` read.
        case cdata(matched: Int)
        /// Inside the XML declaration (prolog only), after `?` if `question`.
        case xmlDeclaration(question: Bool)
        /// Inside a start or end tag, outside quotes.
        case tag
        /// Inside an attribute value delimited by `quote`.
        case attribute(quote: UInt8)
        /// After `&`: `length` bytes of the reference name read; `quote` is
        /// the delimiter of the attribute value it is in, or 0 in text.
        case reference(length: Int, quote: UInt8)
    }

    private var state = State.text
    private var inProlog = true
    /// Bytes scanned so far, and the first one (for encoding detection).
    private var position = 0
    private var firstByte: UInt8 = 0
    /// Where the last `<` stood: the XML declaration may only open the stream.
    private var lessThanPosition = 0

    /// The longest reference XMPP allows is `&#x10FFFF;`; names of undeclared
    /// entities are left to libxml2 (`restricted-xml`) up to this length.
    private static let maxReferenceLength = 32

    mutating func scan(_ bytes: UnsafeRawBufferPointer) -> StreamError? {
        var index = 0
        let count = bytes.count
        while index < count, position + index < 2 {
            if position + index == 0 { firstByte = bytes[index] }
            if position + index == 1, Self.looksWide(firstByte, bytes[index]) {
                return StreamError(.unsupportedEncoding, text: "XMPP streams are UTF-8 only")
            }
            index += 1
        }
        defer { position += count }
        return scanLexical(bytes)
    }

    /// True once the root start tag has begun: from then on only the bytes
    /// libxml2 leaves unparsed need scanning (`scanUnparsed`).
    var isPastProlog: Bool { !inProlog }

    /// Scans the bytes libxml2 has buffered but not parsed. libxml2 stops
    /// only at token boundaries, so the lexical state there is character
    /// data, or the inside of a CDATA section when `inCDATA`.
    mutating func scanUnparsed(_ bytes: UnsafeRawBufferPointer, inCDATA: Bool) -> StreamError? {
        state = inCDATA ? .cdata(matched: 0) : .text
        return scanLexical(bytes)
    }

    private mutating func scanLexical(_ bytes: UnsafeRawBufferPointer) -> StreamError? {
        var index = 0
        let count = bytes.count
        while index < count {
            // Fast paths: skip the bytes that cannot change the state.
            switch state {
            case .text:
                while index < count, bytes[index] != Self.lessThan, bytes[index] != Self.ampersand { index += 1 }
            case .tag:
                while index < count, bytes[index] != Self.greaterThan, bytes[index] != Self.apostrophe,
                      bytes[index] != Self.quotation { index += 1 }
            case .attribute(let quote):
                while index < count, bytes[index] != quote, bytes[index] != Self.lessThan,
                      bytes[index] != Self.ampersand { index += 1 }
            case .cdata(matched: 0):
                while index < count, bytes[index] != Self.closingBracket { index += 1 }
            default:
                break
            }
            guard index < count else { break }
            let byte = bytes[index]
            index += 1
            switch state {
            case .text:
                if byte == UInt8(ascii: "<") {
                    lessThanPosition = position + index - 1
                    state = .afterLessThan
                } else if byte == UInt8(ascii: "&") {
                    state = .reference(length: 0, quote: 0)
                }
            case .afterLessThan:
                switch byte {
                case UInt8(ascii: "!"):
                    if inProlog {
                        return StreamError(.restrictedXML, text: "DTDs and comments are not allowed (RFC 6120 §11.1)")
                    }
                    state = .declaration(matched: 0)
                case UInt8(ascii: "?"):
                    // Only at the very start, or after a UTF-8 byte-order mark.
                    if inProlog && (lessThanPosition == 0 || (lessThanPosition == 3 && firstByte == 0xEF)) {
                        state = .xmlDeclaration(question: false)
                    } else {
                        return StreamError(.restrictedXML, text: "processing instructions are not allowed (RFC 6120 §11.1)")
                    }
                default:
                    inProlog = false
                    state = .tag
                    if byte == UInt8(ascii: "'") || byte == UInt8(ascii: "\"") { state = .attribute(quote: byte) }
                }
            case .xmlDeclaration(let question):
                if question && byte == UInt8(ascii: ">") {
                    state = .text
                } else {
                    state = .xmlDeclaration(question: byte == UInt8(ascii: "?"))
                }
            case .declaration(let matched):
                if byte == Self.cdataOpening[matched] {
                    state = matched + 1 == Self.cdataOpening.count ? .cdata(matched: 0) : .declaration(matched: matched + 1)
                } else if matched == 0 && byte == UInt8(ascii: "-") {
                    return StreamError(.restrictedXML, text: "comments are not allowed (RFC 6120 §11.1)")
                } else {
                    return StreamError(.notWellFormed, text: "markup declaration inside the stream")
                }
            case .cdata(let matched):
                if byte == UInt8(ascii: "]") {
                    state = .cdata(matched: min(matched + 1, 2))
                } else if byte == UInt8(ascii: ">") && matched == 2 {
                    state = .text
                } else if matched != 0 {
                    state = .cdata(matched: 0)
                }
            case .tag:
                if byte == UInt8(ascii: ">") {
                    state = .text
                } else if byte == UInt8(ascii: "'") || byte == UInt8(ascii: "\"") {
                    state = .attribute(quote: byte)
                }
            case .attribute(let quote):
                if byte == quote {
                    state = .tag
                } else if byte == UInt8(ascii: "<") {
                    return StreamError(.notWellFormed, text: "'<' in an attribute value")
                } else if byte == UInt8(ascii: "&") {
                    state = .reference(length: 0, quote: quote)
                }
            case .reference(let length, let quote):
                if byte == UInt8(ascii: ";") && length > 0 {
                    state = quote == 0 ? .text : .attribute(quote: quote)
                } else if length < Self.maxReferenceLength && Self.isReferenceByte(byte) {
                    state = .reference(length: length + 1, quote: quote)
                } else {
                    return StreamError(.notWellFormed, text: "'&' that does not start a reference (write &amp;)")
                }
            }
        }
        return nil
    }

    private static let cdataOpening: [UInt8] = Array("[CDATA[".utf8)
    private static let lessThan = UInt8(ascii: "<")
    private static let greaterThan = UInt8(ascii: ">")
    private static let ampersand = UInt8(ascii: "&")
    private static let apostrophe = UInt8(ascii: "'")
    private static let quotation = UInt8(ascii: "\"")
    private static let closingBracket = UInt8(ascii: "]")

    /// Bytes that may appear in `name` of `&name;` or `#123`/`#x7F` of a
    /// character reference; non-ASCII name bytes are left to libxml2.
    private static func isReferenceByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "#"), UInt8(ascii: "_"),
             UInt8(ascii: ":"), UInt8(ascii: "."), UInt8(ascii: "-"), 0x80...0xFF:
            return true
        default:
            return false
        }
    }

    /// A UTF-16 byte-order mark, or a NUL in the first two bytes.
    private static func looksWide(_ first: UInt8, _ second: UInt8) -> Bool {
        (first == 0xFE && second == 0xFF) || (first == 0xFF && second == 0xFE) || first == 0 || second == 0
    }
}
