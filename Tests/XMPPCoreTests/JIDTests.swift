import Foundation
import Testing
@testable import XMPPCore

/// A string that must parse, with the prepared parts it must yield.
struct ValidJIDCase: Sendable, CustomTestStringConvertible {
    let input: String
    let localpart: String?
    let domainpart: String
    let resourcepart: String?
    let note: String

    init(_ input: String, _ localpart: String?, _ domainpart: String, _ resourcepart: String?, _ note: String = "") {
        self.input = input
        self.localpart = localpart
        self.domainpart = domainpart
        self.resourcepart = resourcepart
        self.note = note
    }

    var testDescription: String { note.isEmpty ? input.debugDescription : "\(input.debugDescription) (\(note))" }
}

/// A string that must not parse, and the part the error must name.
struct InvalidJIDCase: Sendable, CustomTestStringConvertible {
    let input: String
    let part: JIDError.Part
    let note: String

    init(_ input: String, _ part: JIDError.Part, _ note: String = "") {
        self.input = input
        self.part = part
        self.note = note
    }

    var testDescription: String {
        let shown = input.utf8.count > 80 ? "<\(input.utf8.count) bytes>" : input.debugDescription
        return note.isEmpty ? shown : "\(shown) (\(note))"
    }
}

private let label63 = String(repeating: "a", count: 63)
private let domain1023 = Array(repeating: label63, count: 16).joined(separator: ".")
private let domain1024 = (Array(repeating: label63, count: 15) + [String(repeating: "b", count: 62), "c"])
    .joined(separator: ".")

@Suite("JID (RFC 7622)")
struct JIDTests {
    // MARK: Valid addresses

    /// RFC 7622 §3.5 Table 1, in order.
    static let rfcValid: [ValidJIDCase] = [
        .init("juliet@example.com", "juliet", "example.com", nil, "bare JID"),
        .init("juliet@example.com/foo", "juliet", "example.com", "foo", "full JID"),
        .init("juliet@example.com/foo bar", "juliet", "example.com", "foo bar", "space in resourcepart"),
        .init("juliet@example.com/foo@bar", "juliet", "example.com", "foo@bar", "'@' in resourcepart"),
        .init("foo\\20bar@example.com", "foo\\20bar", "example.com", nil, "XEP-0106 escaped space"),
        .init("fussball@example.com", "fussball", "example.com", nil),
        .init("fußball@example.com", "fußball", "example.com", nil, "sharp s is kept"),
        .init("π@example.com", "π", "example.com", nil),
        .init("Σ@example.com/foo", "σ", "example.com", "foo", "capital sigma lower-cased"),
        .init("σ@example.com/foo", "σ", "example.com", "foo"),
        .init("ς@example.com/foo", "ς", "example.com", "foo", "toLowerCase keeps final sigma"),
        .init("king@example.com/♚", "king", "example.com", "♚", "symbol in resourcepart"),
        .init("example.com", nil, "example.com", nil),
        .init("example.com/foobar", nil, "example.com", "foobar"),
        .init("a.example.com/b@example.net", nil, "a.example.com", "b@example.net"),
    ]

    /// Splitting, case, normalisation, literals and limits.
    static let moreValid: [ValidJIDCase] = [
        .init("juliet@example.com/ foo", "juliet", "example.com", " foo",
              "leading space: OpaqueString allows it (RFC 7622 erratum 4560)"),
        .init("server/resource@foo", nil, "server", "resource@foo", "'@' only after the first '/'"),
        .init("server/resource@foo/bar", nil, "server", "resource@foo/bar", "'/' in resourcepart"),
        .init("Juliet@Example.COM/Balcony", "juliet", "example.com", "Balcony", "case"),
        .init("JULIET@EXAMPLE.COM", "juliet", "example.com", nil),
        .init("juliet@example.com./foo", "juliet", "example.com", "foo", "trailing dot removed"),
        .init("example.com.", nil, "example.com", nil, "trailing dot removed"),
        .init("e\u{301}@example.com/e\u{301}", "\u{E9}", "example.com", "\u{E9}", "NFC"),
        .init("ÉLODIE@example.com", "élodie", "example.com", nil),
        .init("ｊｕｌｉｅｔ@example.com", "juliet", "example.com", nil, "fullwidth localpart width-mapped"),
        .init("col·lecció@example.com", "col·lecció", "example.com", nil, "middle dot between two l"),
        .init("͵α@example.com", "͵α", "example.com", nil, "Greek numeral sign before a Greek letter"),
        .init("א׳@example.com", "א׳", "example.com", nil, "Hebrew geresh after a Hebrew letter"),
        .init("ア・イ@example.com", "ア・イ", "example.com", nil, "katakana middle dot among katakana"),
        .init("٣٤@example.com", "٣٤", "example.com", nil, "Arabic-Indic digits"),
        .init("क्\u{200D}ष@example.com", "क्\u{200D}ष", "example.com", nil, "zero width joiner after a virama"),
        .init("juliet@example.com/\u{A0}x", "juliet", "example.com", " x", "non-ASCII space mapped to U+0020"),
        .init("juliet@example.com/👨‍👩‍👧", "juliet", "example.com", "👨‍👩‍👧", "emoji ZWJ sequence"),
        .init("juliet@example.com/❤️", "juliet", "example.com", "❤️", "emoji with variation selector"),
        .init("juliet@example.com/ÉLODIE", "juliet", "example.com", "ÉLODIE", "resource case kept"),
        .init("x@my-host.example.org", "x", "my-host.example.org", nil, "inner hyphen"),
        .init("ab--cd.example", nil, "ab--cd.example", nil, "double hyphen that is not an A-label"),
        .init("1.example.com", nil, "1.example.com", nil, "numeric label in a name"),
        .init("\(label63).example", nil, "\(label63).example", nil, "63-byte label"),
        .init(domain1023, nil, domain1023, nil, "1023-byte domainpart"),
        // IPv4
        .init("127.0.0.1", nil, "127.0.0.1", nil),
        .init("juliet@192.168.0.1/r", "juliet", "192.168.0.1", "r"),
        .init("0.0.0.0", nil, "0.0.0.0", nil),
        .init("255.255.255.255", nil, "255.255.255.255", nil),
        .init("１２７．０．０．１", nil, "127.0.0.1", nil, "fullwidth IPv4"),
        // IPv6
        .init("[::1]", nil, "[::1]", nil),
        .init("juliet@[::1]/r", "juliet", "[::1]", "r"),
        .init("[::]", nil, "[::]", nil),
        .init("[2001:DB8::1]", nil, "[2001:db8::1]", nil, "lower-cased"),
        .init("[0:0:0:0:0:0:0:1]", nil, "[::1]", nil, "RFC 5952 form"),
        .init("[2001:0db8:0000:0000:0001:0000:0000:0001]", nil, "[2001:db8::1:0:0:1]", nil, "first longest run"),
        .init("[2001:db8:0:1:1:1:1:1]", nil, "[2001:db8:0:1:1:1:1:1]", nil, "single zero group kept"),
        .init("[1:2:3:4:5:6:7:8]", nil, "[1:2:3:4:5:6:7:8]", nil),
        .init("[1::]", nil, "[1::]", nil),
        .init("[1:2:3:4:5:6:7::]", nil, "[1:2:3:4:5:6:7:0]", nil, "'::' for one group"),
        .init("[::ffff:192.0.2.1]", nil, "[::ffff:192.0.2.1]", nil, "IPv4-mapped"),
        .init("[::FFFF:c000:0201]", nil, "[::ffff:192.0.2.1]", nil, "IPv4-mapped, hex"),
        .init("[1:2:3:4:5:6:1.2.3.4]", nil, "[1:2:3:4:5:6:102:304]", nil, "embedded IPv4"),
        .init("[::1.2.3.4]", nil, "[::102:304]", nil, "embedded IPv4 after '::'"),
        // Internationalised domain names
        .init("münchen.example", nil, "münchen.example", nil),
        .init("MÜNCHEN.Example", nil, "münchen.example", nil, "lower-cased"),
        .init("xn--mnchen-3ya.example", nil, "münchen.example", nil, "A-label converted to U-label"),
        .init("XN--MNCHEN-3YA.example", nil, "münchen.example", nil, "upper-case A-label"),
        .init("xn--r8jz45g.xn--zckzah", nil, "例え.テスト", nil, "two A-labels"),
        .init("例え。テスト", nil, "例え.テスト", nil, "ideographic full stop"),
        .init("ｅｘａｍｐｌｅ．ｃｏｍ", nil, "example.com", nil, "fullwidth domain"),
        .init("münchen.example.", nil, "münchen.example", nil, "trailing dot removed"),
        .init("bücher.xn--mnchen-3ya.de", nil, "bücher.münchen.de", nil, "U-label and A-label"),
    ]

    @Test("valid JIDs from RFC 7622 §3.5", arguments: rfcValid)
    func rfcExamples(_ example: ValidJIDCase) throws {
        try expectParses(example)
    }

    @Test("more valid JIDs", arguments: moreValid)
    func valid(_ example: ValidJIDCase) throws {
        try expectParses(example)
    }

    private func expectParses(_ example: ValidJIDCase) throws {
        let jid = try JID(example.input)
        #expect(jid.localpart == example.localpart)
        #expect(jid.domainpart == example.domainpart)
        #expect(jid.resourcepart == example.resourcepart)
        // Prepared parts are stored in NFC, code point for code point.
        for part in [jid.localpart, jid.domainpart, jid.resourcepart].compactMap({ $0 }) {
            #expect(Array(part.unicodeScalars) == Array(part.precomposedForTest.unicodeScalars))
        }
        // The normalised form parses back to the same address.
        #expect(try JID(jid.description) == jid)
        #expect(try JID(jid.description).description == jid.description)
    }

    // MARK: Invalid addresses

    /// RFC 7622 §3.5 Table 2, and its corner cases.
    static let rfcInvalid: [InvalidJIDCase] = [
        .init("\"juliet\"@example.com", .localpart, "quotation marks"),
        .init("foo bar@example.com", .localpart, "space"),
        .init("@example.com/", .localpart, "empty localpart (checked before the empty resourcepart)"),
        .init("henryⅣ@example.com", .localpart, "ROMAN NUMERAL FOUR has a compatibility mapping"),
        .init("♚@example.com", .localpart, "symbol"),
        .init("juliet@", .domainpart, "no domainpart"),
        .init("/foobar", .domainpart, "no domainpart"),
        .init("henryiv@example.com/", .resourcepart, "empty resourcepart"),
        .init("example.com/", .resourcepart, "empty resourcepart"),
        .init("@example.com", .localpart, "empty localpart"),
        .init("node@/server", .domainpart),
        .init("@server/resource", .localpart),
        .init("@/resource", .localpart),
        .init("@", .localpart),
        .init("/", .domainpart),
        .init("", .jid, "empty string"),
        .init("user@@host", .domainpart, "second '@' lands in the domainpart"),
        .init("user@@host/resource", .domainpart),
        .init("a@b@c/d", .domainpart, "'@' in the domainpart"),
    ]

    /// Characters each part forbids.
    static let forbiddenCharacters: [InvalidJIDCase] = [
        .init("a&b@example.com", .localpart, "'&'"),
        .init("a'b@example.com", .localpart, "'\\''"),
        .init("a:b@example.com", .localpart, "':'"),
        .init("a<b@example.com", .localpart, "'<'"),
        .init("a>b@example.com", .localpart, "'>'"),
        .init("a\u{1}b@example.com", .localpart, "control"),
        .init("a\tb@example.com", .localpart, "tab"),
        .init("a\u{7F}@example.com", .localpart, "DEL"),
        .init("a\u{85}@example.com", .localpart, "C1 control"),
        .init("a\u{200B}b@example.com", .localpart, "zero width space"),
        .init("a\u{A0}b@example.com", .localpart, "no-break space"),
        .init("ﬀ@example.com", .localpart, "ligature has a compatibility mapping"),
        .init("\u{378}@example.com", .localpart, "unassigned"),
        .init("a·b@example.com", .localpart, "middle dot not between two l"),
        .init("͵a@example.com", .localpart, "Greek numeral sign before a Latin letter"),
        .init("a׳@example.com", .localpart, "Hebrew geresh after a Latin letter"),
        .init("a・b@example.com", .localpart, "katakana middle dot without kana or Han"),
        .init("٣۳@example.com", .localpart, "Arabic-Indic digits mixed with extended ones"),
        .init("a\u{200D}b@example.com", .localpart, "zero width joiner without a virama"),
        .init("＂juliet＂@example.com", .localpart, "fullwidth quotation marks map to '\"'"),
        .init("juliet@example.com/a\u{0}b", .resourcepart, "NUL"),
        .init("juliet@example.com/a\tb", .resourcepart, "tab"),
        .init("juliet@example.com/a\nb", .resourcepart, "line feed"),
        .init("juliet@example.com/a\u{1F}", .resourcepart, "unit separator"),
        .init("juliet@example.com/a\u{7F}", .resourcepart, "DEL"),
        .init("juliet@example.com/ü\u{85}", .resourcepart, "C1 control"),
        .init("juliet@example.com/a\u{2028}", .resourcepart, "line separator"),
        .init("juliet@example.com/a\u{FFFF}", .resourcepart, "noncharacter"),
        .init("juliet@example.com/a\u{378}", .resourcepart, "unassigned"),
    ]

    /// Domain names: STD3 label rules, trailing dot, IDNA2008.
    static let invalidDomains: [InvalidJIDCase] = [
        .init("exa_mple.com", .domainpart, "underscore"),
        .init("exa mple.com", .domainpart, "space"),
        .init("example.com:5222", .domainpart, "port"),
        .init("-example.com", .domainpart, "leading hyphen"),
        .init("example-.com", .domainpart, "trailing hyphen"),
        .init("example.-com", .domainpart, "leading hyphen in last label"),
        .init("example..com", .domainpart, "empty label"),
        .init(".example.com", .domainpart, "empty first label"),
        .init("example.com..", .domainpart, "only one trailing dot is removed"),
        .init(".", .domainpart, "nothing left after the trailing dot"),
        .init("juliet@.", .domainpart),
        .init("\(label63)a.example", .domainpart, "64-byte label"),
        .init(domain1024, .domainpart, "1024-byte domainpart"),
        .init("ex♚mple.com", .domainpart, "symbol in U-label"),
        .init("münchen_.example", .domainpart, "underscore in U-label"),
        .init("a.\u{301}b.example", .domainpart, "label starting with a combining mark"),
        .init("ü-.example", .domainpart, "U-label ending with a hyphen"),
        .init("\(String(repeating: "ü", count: 70)).example", .domainpart, "A-label over 63 bytes"),
        .init("xn--.example", .domainpart, "empty A-label"),
        .init("xn--abc-.example", .domainpart, "A-label of ASCII only"),
        .init("xn--a.example", .domainpart, "A-label decoding to a control character"),
        .init("xn--99999999999999.example", .domainpart, "A-label overflowing"),
        .init("xn--mnchen-3ya-.example", .domainpart, "A-label ending with a hyphen"),
        .init("münchen.xn--abc-.example", .domainpart, "bad A-label in a U-label name"),
        .init("xn--ls8h.example", .domainpart, "A-label of an emoji, which IDNA2008 disallows"),
        .init("xn--\(JID.Punycode.encode(Array("mu\u{308}nchen".unicodeScalars)) ?? "").example", .domainpart,
              "A-label whose U-label is not NFC"),
    ]

    /// IP literals: a name of digits and dots must be a valid IPv4 address;
    /// `[…]` must hold a valid IPv6 address.
    static let invalidAddresses: [InvalidJIDCase] = [
        .init("999.1.1.1", .domainpart, "octet over 255 (not accepted as a DNS name either)"),
        .init("256.0.0.1", .domainpart),
        .init("1.2.3", .domainpart, "three octets"),
        .init("1.2.3.4.5", .domainpart, "five octets"),
        .init("01.2.3.4", .domainpart, "leading zero"),
        .init("1.2.3.04", .domainpart, "leading zero"),
        .init("1234.1.1.1", .domainpart),
        .init("123", .domainpart, "all-numeric single label"),
        .init("[::1::2]", .domainpart, "'::' twice"),
        .init("[1:2:3:4:5:6:7:8:9]", .domainpart, "nine groups"),
        .init("[1:2:3:4:5:6:7]", .domainpart, "seven groups without '::'"),
        .init("[1:2:3:4:5:6:7:8::]", .domainpart, "eight groups and '::'"),
        .init("[12345::]", .domainpart, "five hex digits"),
        .init("[::g]", .domainpart, "not hex"),
        .init("[]", .domainpart, "empty"),
        .init("[", .domainpart, "unclosed"),
        .init("[::1", .domainpart, "unclosed"),
        .init("::1", .domainpart, "IPv6 without brackets"),
        .init("[:1::]", .domainpart, "single leading colon"),
        .init("[1::2:]", .domainpart, "single trailing colon"),
        .init("[:::]", .domainpart, "three colons"),
        .init("[1:::2]", .domainpart, "three colons"),
        .init("[fe80::1%25eth0]", .domainpart, "zone identifier"),
        .init("[v1.fe]", .domainpart, "IPvFuture"),
        .init("[::1.2.3]", .domainpart, "short embedded IPv4"),
        .init("[::256.1.1.1]", .domainpart, "embedded IPv4 out of range"),
        .init("[::1.2.3.4:5]", .domainpart, "embedded IPv4 not last"),
        .init("[1:2:3:4:5:6:7:1.2.3.4]", .domainpart, "embedded IPv4 making nine groups"),
        .init("[1.2.3.4]", .domainpart, "IPv4 in brackets"),
        .init("[::1].", .domainpart, "trailing dot after a literal"),
        .init("[example.com]", .domainpart),
    ]

    /// Every part is limited to 1023 bytes of UTF-8.
    static let overLong: [InvalidJIDCase] = [
        .init(String(repeating: "a", count: 1024) + "@example.com", .localpart),
        .init(String(repeating: "π", count: 512) + "@example.com", .localpart, "1024 bytes of two-byte letters"),
        .init("juliet@example.com/" + String(repeating: "r", count: 1024), .resourcepart),
        .init("juliet@example.com/" + String(repeating: "é", count: 512), .resourcepart, "1024 bytes"),
        .init("juliet@example.com/" + String(repeating: "r", count: 100_000), .resourcepart, "huge"),
    ]

    @Test("invalid JIDs from RFC 7622 §3.5", arguments: rfcInvalid)
    func rfcInvalidExamples(_ example: InvalidJIDCase) {
        expectRejects(example)
    }

    @Test("forbidden characters", arguments: forbiddenCharacters)
    func forbidden(_ example: InvalidJIDCase) {
        expectRejects(example)
    }

    @Test("malformed domain names", arguments: invalidDomains)
    func invalidDomain(_ example: InvalidJIDCase) {
        expectRejects(example)
    }

    @Test("malformed IP literals", arguments: invalidAddresses)
    func invalidAddress(_ example: InvalidJIDCase) {
        expectRejects(example)
    }

    @Test("parts over 1023 bytes", arguments: overLong)
    func tooLong(_ example: InvalidJIDCase) {
        expectRejects(example)
    }

    private func expectRejects(_ example: InvalidJIDCase) {
        let error = #expect(throws: JIDError.self) { try JID(example.input) }
        #expect(error?.part == example.part, "\(error.map(String.init(describing:)) ?? "no error")")
        #expect(error?.reason.isEmpty == false)
    }

    // MARK: Punycode (RFC 3492)

    static let punycodeVectors: [(String, String)] = [
        ("münchen", "mnchen-3ya"),
        ("bücher", "bcher-kva"),
        ("例え", "r8jz45g"),
        ("テスト", "zckzah"),
        ("Pročprostěnemluvíčesky", "Proprostnemluvesky-uyb24dma41a"),  // RFC 3492 §7.1 (I)
        ("3年B組金八先生", "3B-ww4c5e180e575a65lsy2b"),  // RFC 3492 §7.1 (L)
    ]

    @Test("Punycode encodes and decodes RFC 3492 vectors", arguments: 0..<punycodeVectors.count)
    func punycode(_ index: Int) {
        let (unicode, encoded) = Self.punycodeVectors[index]
        #expect(JID.Punycode.encode(Array(unicode.unicodeScalars)) == encoded)
        #expect(JID.Punycode.decode(Array(encoded.utf8)) == Array(unicode.unicodeScalars))
    }

    // MARK: Limits at the boundary

    @Test("1023-byte parts are accepted")
    func exactLimits() throws {
        let local = String(repeating: "a", count: 1023)
        let resource = String(repeating: "r", count: 1023)
        let jid = try JID("\(local)@\(domain1023)/\(resource)")
        #expect(jid.localpart?.utf8.count == 1023)
        #expect(jid.domainpart.utf8.count == 1023)
        #expect(jid.resourcepart?.utf8.count == 1023)
        // 341 × "é" (2 bytes) + "a" = 683 bytes; decomposed input is longer
        // than 1023 bytes but fits after NFC.
        let decomposed = String(repeating: "e\u{301}", count: 341)
        #expect(decomposed.utf8.count == 1023)
        let composed = try JID("x@example.com/\(decomposed)a")
        #expect(composed.resourcepart?.utf8.count == 683)
    }

    @Test("the error names the part and says why")
    func errorWording() {
        let quote = #expect(throws: JIDError.self) { try JID("\"juliet\"@example.com") }
        #expect(quote == JIDError(part: .localpart, reason: "contains forbidden character '\"'"))
        #expect(quote?.description == "jid-malformed: localpart contains forbidden character '\"'")

        let empty = #expect(throws: JIDError.self) { try JID("juliet@example.com/") }
        #expect(empty?.description == "jid-malformed: resourcepart is empty")

        let control = #expect(throws: JIDError.self) { try JID("juliet@example.com/a\u{1}") }
        #expect(control?.reason == "contains control character U+0001")

        let roman = #expect(throws: JIDError.self) { try JID("henryⅣ@example.com") }
        #expect(roman?.reason.hasPrefix("contains disallowed character U+2173") == true)

        let ipv4 = #expect(throws: JIDError.self) { try JID("999.1.1.1") }
        #expect(ipv4?.reason.contains("IPv4") == true)

        let ipv6 = #expect(throws: JIDError.self) { try JID("[::1::2]") }
        #expect(ipv6?.reason.contains("IPv6") == true)

        let long = #expect(throws: JIDError.self) { try JID(String(repeating: "a", count: 1024) + "@x") }
        #expect(long?.description.hasPrefix("jid-malformed: localpart is longer than 1023 bytes") == true)
    }

    // MARK: Comparison

    @Test("localpart and domainpart compare case-insensitively, resourcepart case-sensitively")
    func comparison() throws {
        #expect(try JID("Juliet@Example.COM/Balcony") == JID("juliet@example.com/Balcony"))
        #expect(try JID("juliet@example.com/Balcony") != JID("juliet@example.com/balcony"))
        #expect(try JID("Juliet@Example.COM/Balcony").hashValue == JID("juliet@example.com/Balcony").hashValue)
        #expect(try JID("juliet@example.com.") == JID("juliet@example.com"))
        #expect(try JID("e\u{301}@example.com") == JID("\u{E9}@example.com"))
        #expect(try JID("xn--mnchen-3ya.de") == JID("MÜNCHEN.DE"))
        #expect(try JID("[0::1]") == JID("[::1]"))
        #expect(try JID("fußball@example.com") != JID("fussball@example.com"))
        #expect(try JID("ς@example.com") != JID("σ@example.com"))
        #expect(try JID("Σ@example.com") == JID("σ@example.com"))
        let set: Set<JID> = try [JID("A@B.C/r"), JID("a@b.c/r"), JID("a@b.c./r"), JID("a@b.c/R")]
        #expect(set.count == 2)
    }

    // MARK: Bare, full and domain forms

    @Test("bare, domain and resource forms")
    func forms() throws {
        let full = try JID("Juliet@Example.com/Balcony")
        #expect(!full.isBare)
        #expect(!full.isDomain)
        #expect(full.description == "juliet@example.com/Balcony")
        #expect(full.bare == (try JID("juliet@example.com")))
        #expect(full.bare.isBare)
        #expect(!full.bare.isDomain)
        #expect(full.bare.description == "juliet@example.com")
        #expect(full.domain == (try JID("example.com")))
        #expect(full.domain.isDomain)
        #expect(full.domain.isBare)
        #expect(full.domain.description == "example.com")

        let other = try full.with(resource: "Orchard")
        #expect(other.description == "juliet@example.com/Orchard")
        #expect(try full.with(resource: nil) == full.bare)
        #expect(try full.with(resource: "e\u{301}").resourcepart == "\u{E9}")

        let serviceWithResource = try JID("example.com/foo")
        #expect(!serviceWithResource.isDomain)
        #expect(!serviceWithResource.isBare)
        #expect(serviceWithResource.domain.description == "example.com")

        let resourceError = #expect(throws: JIDError.self) { try full.with(resource: "") }
        #expect(resourceError?.part == .resourcepart)
        let controlError = #expect(throws: JIDError.self) { try full.with(resource: "a\nb") }
        #expect(controlError?.part == .resourcepart)
    }

    // MARK: Building from parts

    @Test("init(localpart:domainpart:resourcepart:) prepares each part")
    func fromParts() throws {
        let jid = try JID(localpart: "Juliet", domainpart: "Example.COM.", resourcepart: "Balcony")
        #expect(jid == (try JID("juliet@example.com/Balcony")))
        #expect(try JID(localpart: nil, domainpart: "example.com") == JID("example.com"))
        #expect(try JID(localpart: nil, domainpart: "example.com", resourcepart: "a@b/c").resourcepart == "a@b/c")
        #expect(try JID(localpart: "x", domainpart: "[::FFFF:192.0.2.1]").domainpart == "[::ffff:192.0.2.1]")
    }

    static let invalidParts: [(String?, String, String?, JIDError.Part)] = [
        ("", "example.com", nil, .localpart),
        ("a@b", "example.com", nil, .localpart),
        ("a/b", "example.com", nil, .localpart),
        ("juliet", "", nil, .domainpart),
        ("juliet", "a/b", nil, .domainpart),
        ("juliet", "a@b", nil, .domainpart),
        ("juliet", "example.com", "", .resourcepart),
        ("juliet", "example.com", "\u{0}", .resourcepart),
    ]

    @Test("init(localpart:domainpart:resourcepart:) names the bad part", arguments: 0..<invalidParts.count)
    func fromInvalidParts(_ index: Int) {
        let (local, domain, resource, part) = Self.invalidParts[index]
        let error = #expect(throws: JIDError.self) {
            try JID(localpart: local, domainpart: domain, resourcepart: resource)
        }
        #expect(error?.part == part)
    }
}

private extension String {
    /// NFC via Foundation, for checking what the parser stored.
    var precomposedForTest: String { precomposedStringWithCanonicalMapping }
}
