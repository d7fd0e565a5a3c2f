import Testing

@testable import XMPPProtocol

/// SASLprep (RFC 4013).
struct SASLprepTests {
    /// RFC 4013 §3, examples 1–5.
    @Test(arguments: [
        ("I\u{AD}X", "IX"), ("user", "user"), ("USER", "USER"), ("\u{AA}", "a"), ("\u{2168}", "IX"),
    ])
    func rfc4013Examples(_ input: String, _ output: String) {
        #expect(SASLprep.prepare(input) == output)
    }

    /// RFC 4013 §3, examples 6 (prohibited) and 7 (bidi).
    @Test(arguments: ["\u{7}", "\u{627}\u{31}"])
    func rfc4013Errors(_ input: String) {
        #expect(SASLprep.prepare(input) == nil)
    }

    @Test func mapsSpacesAndRemovesInvisibles() {
        #expect(SASLprep.prepare("a\u{A0}b\u{3000}c") == "a b c")
        #expect(SASLprep.prepare("a\u{200B}b") == "a b")
        #expect(SASLprep.prepare("a\u{FEFF}b\u{FE0F}") == "ab")
        #expect(SASLprep.prepare("\u{AD}") == "")
        #expect(SASLprep.prepare("e\u{301}") == "\u{E9}", "NFKC composes")
    }

    @Test(arguments: [
        0x0000, 0x007F, 0x0085, 0x2028, 0x202E, 0xE000, 0xF0000, 0xFDD0, 0xFFFE, 0x1FFFE, 0x10FFFF, 0xFFFD, 0x2FF0,
        0xE0041, 0x200E, 0x206A,
    ] as [UInt32])
    func prohibitsTheTablesOfRFC4013(_ value: UInt32) throws {
        let scalar = try #require(Unicode.Scalar(value))
        #expect(SASLprep.prepare("a\(Character(scalar))b") == nil, "U+\(String(value, radix: 16, uppercase: true))")
    }

    @Test func bidiRule() {
        #expect(SASLprep.prepare("\u{5D0}\u{5D1}") == "\u{5D0}\u{5D1}")
        #expect(SASLprep.prepare("\u{627}1\u{628}") == "\u{627}1\u{628}")
        #expect(SASLprep.prepare("\u{627}a\u{628}") == nil, "RandALCat with LCat")
        #expect(SASLprep.prepare("1\u{627}") == nil, "RandALCat not first")
    }
}
