import Foundation

/// SASLprep (RFC 4013), the stringprep profile for user names and
/// passwords, as PLAIN (RFC 4616 §2) and SCRAM (RFC 5802 §2.2) use it.
///
/// Implemented: the mapping of RFC 4013 §2.1 (non-ASCII spaces, table
/// C.1.2, to U+0020; "commonly mapped to nothing", table B.1, removed), NFKC
/// (§2.2, Foundation's, so of the Unicode version the platform ships rather
/// than Unicode 3.2), and every prohibited table of §2.3 (C.1.2, C.2.1,
/// C.2.2, C.3–C.9). Pragmatic subset, documented here:
/// - unassigned code points (table A.1) are allowed, i.e. strings are
///   prepared as "queries" (RFC 3454 §7), never as "stored strings";
/// - the bidirectional check of RFC 3454 §6 approximates RandALCat by the
///   right-to-left blocks (Hebrew, Arabic, Syriac, Thaana, NKo, Samaritan,
///   Mandaic, their presentation forms and the supplementary RTL blocks)
///   and LCat by letters and spacing marks outside them, since the
///   standard library exposes no bidi class.
public enum SASLprep {
    /// The prepared form of `string`, or `nil` if it contains a prohibited
    /// character or fails the bidi rule. The result may be empty (a string
    /// of only B.1 characters); callers decide whether that is acceptable.
    public static func prepare(_ string: String) -> String? {
        // Fast path: printable ASCII is unchanged by every step.
        if string.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return string }

        var mapped = String.UnicodeScalarView()
        for scalar in string.unicodeScalars {
            if isNonASCIISpace(scalar.value) {
                mapped.append(" ")
            } else if !isMappedToNothing(scalar.value) {
                mapped.append(scalar)
            }
        }
        let normalized = String(mapped).precomposedStringWithCompatibilityMapping
        var hasRandAL = false, hasL = false
        for scalar in normalized.unicodeScalars {
            if isProhibited(scalar.value) { return nil }
            if isRandAL(scalar.value) {
                hasRandAL = true
            } else if isL(scalar) {
                hasL = true
            }
        }
        if hasRandAL {
            // RFC 3454 §6: no LCat, and RandALCat first and last.
            guard !hasL,
                let first = normalized.unicodeScalars.first, isRandAL(first.value),
                let last = normalized.unicodeScalars.last, isRandAL(last.value)
            else { return nil }
        }
        return normalized
    }

    /// Table C.1.2.
    static func isNonASCIISpace(_ v: UInt32) -> Bool {
        v == 0x00A0 || v == 0x1680 || (0x2000...0x200B).contains(v) || v == 0x202F || v == 0x205F || v == 0x3000
    }

    /// Table B.1.
    static func isMappedToNothing(_ v: UInt32) -> Bool {
        switch v {
        case 0x00AD, 0x034F, 0x1806, 0x180B...0x180D, 0x200B...0x200D, 0x2060, 0xFE00...0xFE0F, 0xFEFF: true
        default: false
        }
    }

    /// Tables C.1.2, C.2.1, C.2.2, C.3, C.4, C.5, C.6, C.7, C.8, C.9.
    static func isProhibited(_ v: UInt32) -> Bool {
        if isNonASCIISpace(v) { return true }
        switch v {
        case 0x0000...0x001F, 0x007F: return true  // C.2.1
        case 0x0080...0x009F, 0x06DD, 0x070F, 0x180E, 0x200C, 0x200D, 0x2028, 0x2029,
            0x2060...0x2063, 0x206A...0x206F, 0xFEFF, 0xFFF9...0xFFFC, 0x1D173...0x1D17A:
            return true  // C.2.2
        case 0xE000...0xF8FF, 0xF0000...0xFFFFD, 0x100000...0x10FFFD: return true  // C.3
        case 0xFDD0...0xFDEF: return true  // C.4 (the rest below)
        case 0xD800...0xDFFF: return true  // C.5
        case 0xFFF9...0xFFFD: return true  // C.6
        case 0x2FF0...0x2FFB: return true  // C.7
        case 0x0340, 0x0341, 0x200E, 0x200F, 0x202A...0x202E: return true  // C.8
        case 0xE0001, 0xE0020...0xE007F: return true  // C.9
        default: return v & 0xFFFE == 0xFFFE  // C.4: U+nFFFE and U+nFFFF
        }
    }

    /// Approximation of table D.1 (RandALCat) by right-to-left blocks.
    static func isRandAL(_ v: UInt32) -> Bool {
        switch v {
        case 0x05BE, 0x05C0, 0x05C3, 0x05C6, 0x05D0...0x05FF: true  // Hebrew letters and punctuation
        case 0x0608, 0x060B, 0x060D, 0x061B...0x064A, 0x066D...0x066F, 0x0671...0x06D5, 0x06E5, 0x06E6,
            0x06EE, 0x06EF, 0x06FA...0x070D, 0x0710, 0x0712...0x072F, 0x074D...0x07A5, 0x07B1,
            0x07C0...0x07EA, 0x07F4, 0x07F5, 0x07FA, 0x0800...0x0815, 0x081A, 0x0824, 0x0828,
            0x0830...0x0858, 0x085E...0x08AC:
            true  // Arabic, Syriac, Thaana, NKo, Samaritan, Mandaic (letters)
        case 0x200F, 0xFB1D, 0xFB1F...0xFB28, 0xFB2A...0xFB4F, 0xFB50...0xFD3D, 0xFD50...0xFDFC, 0xFE70...0xFEFC:
            true  // RLM, Hebrew and Arabic presentation forms
        case 0x10800...0x10FFF, 0x1E800...0x1EFFF: true  // supplementary right-to-left blocks
        default: false
        }
    }

    /// Approximation of table D.2 (LCat): letters and spacing combining
    /// marks outside the right-to-left blocks.
    static func isL(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter, .spacingMark:
            true
        default:
            false
        }
    }
}
