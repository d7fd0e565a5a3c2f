import Foundation

// MARK: - IDNA2008 code point property (RFC 5892 §3)

extension JID.CodePoints {
    /// The IDNA2008 property of a lower-cased code point, following the
    /// order of the derivation in RFC 5892 §3.
    static func idnaProperty(_ scalar: Unicode.Scalar) -> Property {
        if let property = exception(scalar) { return property }
        let properties = scalar.properties
        if properties.generalCategory == .unassigned && !properties.isNoncharacterCodePoint { return .unassigned }
        if scalar.isASCII {  // LDH
            switch scalar.value {
            case 0x61...0x7A, 0x30...0x39, 0x2D: return .pvalid
            default: return .disallowed
            }
        }
        if isJoinControl(scalar) { return .contextual }
        if properties.changesWhenNFKCCaseFolded { return .disallowed }  // Unstable
        if properties.isDefaultIgnorableCodePoint || properties.isWhitespace
            || properties.isNoncharacterCodePoint { return .disallowed }  // IgnorableProperties
        switch scalar.value {  // IgnorableBlocks
        case 0x20D0...0x20FF, 0x1D100...0x1D24F: return .disallowed
        default: break
        }
        if isOldHangulJamo(scalar) { return .disallowed }
        return isLetterDigit(properties.generalCategory) ? .pvalid : .disallowed
    }
}
