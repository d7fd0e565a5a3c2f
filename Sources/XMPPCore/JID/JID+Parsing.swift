import Foundation

// Parsing and preparing JIDs (RFC 7622 §3.1, §3.3, §3.4).
//
// Hot path: every routed stanza has its addresses parsed, so each part is
// first scanned byte by byte; only a part holding non-ASCII bytes goes
// through Unicode mapping and normalisation (Foundation's NFC).

extension JID {
    /// The largest size of any one part, in bytes of UTF-8 (RFC 7622 §3.1).
    static let maximumPartBytes = 1023

    /// A cheap early bound on a part's raw size, before normalisation.
    /// Composition can shrink UTF-8 by at most about 3× (a decomposed
    /// Hangul syllable), so anything above 4× the limit can never fit and is
    /// rejected without normalising it.
    static let maximumRawPartBytes = 4 * maximumPartBytes

    /// Parses `localpart@domainpart/resourcepart` (RFC 7622 §3.1).
    ///
    /// The string is split the way the RFC orders it: everything after the
    /// first '/' is the resourcepart (so it may contain '@' and '/'), then
    /// everything before the first '@' of the remainder is the localpart.
    /// A separator with nothing on one side is an error naming that part.
    public init(_ string: String) throws(JIDError) {
        guard !string.isEmpty else { throw JIDError.empty(.jid) }
        let bytes = string.utf8
        let slash = bytes.firstIndex(of: UInt8(ascii: "/"))
        let head = string[..<(slash ?? string.endIndex)]
        let at = head.utf8.firstIndex(of: UInt8(ascii: "@"))

        var localpart: String?
        var domainStart = head.startIndex
        if let at {
            localpart = try JID.prepareLocalpart(head[..<at])
            domainStart = head.utf8.index(after: at)
        }
        let domainpart = try JID.prepareDomainpart(head[domainStart...])
        var resourcepart: String?
        if let slash {
            resourcepart = try JID.prepareResourcepart(string[bytes.index(after: slash)...])
        }
        self.init(preparedLocalpart: localpart, domainpart: domainpart, resourcepart: resourcepart)
    }

    /// Builds a JID from its parts, preparing and checking each one. A `nil`
    /// localpart or resourcepart means "absent"; an empty string is an error.
    public init(localpart: String?, domainpart: String, resourcepart: String? = nil) throws(JIDError) {
        let local: String? = if let localpart { try JID.prepareLocalpart(localpart[...]) } else { nil }
        let domain = try JID.prepareDomainpart(domainpart[...])
        let resource: String? = if let resourcepart { try JID.prepareResourcepart(resourcepart[...]) } else { nil }
        self.init(preparedLocalpart: local, domainpart: domain, resourcepart: resource)
    }
}

// MARK: - Localpart (RFC 7622 §3.3)

extension JID {
    /// Prepares and enforces a localpart: the UsernameCaseMapped profile of
    /// the PRECIS IdentifierClass (RFC 7613, as updated by RFC 8265), with
    /// the eight further characters RFC 7622 §3.3.1 forbids:
    /// `"` `&` `'` `/` `:` `<` `>` `@`.
    ///
    /// Steps: width mapping (fullwidth/halfwidth forms to their ordinary
    /// forms), case mapping with `lowercased()` (Unicode toLowerCase, as
    /// RFC 8265 specifies, so "ς" stays distinct from "σ" and "ß" from
    /// "ss"), NFC, then the IdentifierClass code point check with its
    /// contextual rules. The Bidi rule (RFC 5893) is not checked: Swift
    /// exposes no Bidi_Class property.
    static func prepareLocalpart(_ input: Substring) throws(JIDError) -> String {
        guard !input.isEmpty else { throw JIDError.empty(.localpart) }
        let bytes = input.utf8
        guard bytes.count <= maximumRawPartBytes else { throw JIDError.tooLong(.localpart) }

        var needsLowercasing = false
        for byte in bytes {
            guard byte < 0x80 else { return try prepareUnicodeLocalpart(input) }
            if let reason = CodePoints.asciiLocalpartViolation(byte) {
                throw JIDError(part: .localpart, reason: reason)
            }
            if byte &- UInt8(ascii: "A") < 26 { needsLowercasing = true }
        }
        guard bytes.count <= maximumPartBytes else { throw JIDError.tooLong(.localpart, bytes: bytes.count) }
        return needsLowercasing ? input.lowercased() : String(input)
    }

    /// The non-ASCII path of ``prepareLocalpart(_:)``.
    private static func prepareUnicodeLocalpart(_ input: Substring) throws(JIDError) -> String {
        var mapped = String.UnicodeScalarView()
        for scalar in input.unicodeScalars {
            CodePoints.appendWidthMapped(scalar, to: &mapped)
        }
        let prepared = String(mapped).lowercased().precomposedStringWithCanonicalMapping
        let scalars = Array(prepared.unicodeScalars)

        // HasCompat (RFC 8264 §9.17) needs NFKC, which is costly per code
        // point: one whole-string comparison rules it out in the usual case.
        let anyCompat = !prepared.precomposedStringWithCompatibilityMapping.unicodeScalars
            .elementsEqual(prepared.unicodeScalars)

        for (index, scalar) in scalars.enumerated() {
            if scalar.isASCII {
                if let reason = CodePoints.asciiLocalpartViolation(UInt8(scalar.value)) {
                    throw JIDError(part: .localpart, reason: reason)
                }
                continue
            }
            let hasCompat = anyCompat && CodePoints.hasCompatibilityMapping(scalar)
            switch CodePoints.identifierClass(scalar, hasCompat: hasCompat) {
            case .pvalid:
                continue
            case .contextual:
                if !CodePoints.contextAllows(scalars, at: index) {
                    throw JIDError(part: .localpart, reason: CodePoints.contextViolation(scalar))
                }
            case .disallowed:
                throw JIDError(part: .localpart, reason: CodePoints.disallowed(scalar))
            case .unassigned:
                throw JIDError(part: .localpart, reason: CodePoints.unassigned(scalar))
            }
        }
        let size = prepared.utf8.count
        guard size <= maximumPartBytes else { throw JIDError.tooLong(.localpart, bytes: size) }
        return prepared
    }
}

// MARK: - Resourcepart (RFC 7622 §3.4)

extension JID {
    /// Prepares and enforces a resourcepart: the OpaqueString profile of the
    /// PRECIS FreeformClass (RFC 7613/8265). Case is preserved; spaces and
    /// any symbol or letter are allowed, as are '@' and '/'.
    ///
    /// Steps: non-ASCII spaces (general category Zs) map to U+0020, then
    /// NFC. Rejected: control characters (C0, DEL and C1), line and
    /// paragraph separators, noncharacters and unassigned code points.
    /// Deliberately tolerated although FreeformClass disallows them: default
    /// ignorable code points (variation selectors, zero-width joiners) and
    /// private-use characters, because emoji nicknames — which need U+FE0F
    /// and U+200D — are commonplace in MUC occupant resourceparts.
    static func prepareResourcepart(_ input: Substring) throws(JIDError) -> String {
        guard !input.isEmpty else { throw JIDError.empty(.resourcepart) }
        let bytes = input.utf8
        guard bytes.count <= maximumRawPartBytes else { throw JIDError.tooLong(.resourcepart) }

        for byte in bytes {
            guard byte < 0x80 else { return try prepareUnicodeResourcepart(input) }
            if byte < 0x20 || byte == 0x7F {
                throw JIDError(part: .resourcepart, reason: CodePoints.control(Unicode.Scalar(byte)))
            }
        }
        guard bytes.count <= maximumPartBytes else { throw JIDError.tooLong(.resourcepart, bytes: bytes.count) }
        return String(input)
    }

    /// The non-ASCII path of ``prepareResourcepart(_:)``.
    private static func prepareUnicodeResourcepart(_ input: Substring) throws(JIDError) -> String {
        var mapped = String.UnicodeScalarView()
        for scalar in input.unicodeScalars {
            let isWideSpace = !scalar.isASCII && scalar.properties.generalCategory == .spaceSeparator
            mapped.append(isWideSpace ? " " : scalar)
        }
        let prepared = String(mapped).precomposedStringWithCanonicalMapping
        for scalar in prepared.unicodeScalars {
            switch scalar.properties.generalCategory {
            case .control:
                throw JIDError(part: .resourcepart, reason: CodePoints.control(scalar))
            case .lineSeparator, .paragraphSeparator:
                throw JIDError(part: .resourcepart, reason: CodePoints.disallowed(scalar))
            case .unassigned:
                let reason = scalar.properties.isNoncharacterCodePoint
                    ? CodePoints.disallowed(scalar) : CodePoints.unassigned(scalar)
                throw JIDError(part: .resourcepart, reason: reason)
            default:
                continue
            }
        }
        let size = prepared.utf8.count
        guard size <= maximumPartBytes else { throw JIDError.tooLong(.resourcepart, bytes: size) }
        return prepared
    }
}

// MARK: - Code point classes (RFC 8264, RFC 5892)

extension JID {
    /// Derived properties of code points, shared by the PRECIS
    /// IdentifierClass (localpart) and IDNA2008 (domainpart) derivations.
    enum CodePoints {
        /// A code point's derived property, folded to what enforcement needs.
        enum Property {
            /// Allowed anywhere (PVALID).
            case pvalid
            /// Allowed only where its contextual rule holds (CONTEXTJ or
            /// CONTEXTO, RFC 5892 Appendix A).
            case contextual
            /// Never allowed (DISALLOWED, or ID_DIS in the IdentifierClass).
            case disallowed
            /// Not assigned in the Unicode version Swift ships (UNASSIGNED).
            case unassigned
        }

        // MARK: IdentifierClass (RFC 8264 §8, §9)

        /// The IdentifierClass property of a non-ASCII code point, following
        /// the order of the derivation in RFC 8264 §8.
        static func identifierClass(_ scalar: Unicode.Scalar, hasCompat: Bool) -> Property {
            if let property = exception(scalar) { return property }
            let properties = scalar.properties
            let category = properties.generalCategory
            if category == .unassigned && !properties.isNoncharacterCodePoint { return .unassigned }
            if (0x21...0x7E).contains(scalar.value) { return .pvalid }  // ASCII7
            if isJoinControl(scalar) { return .contextual }
            if isOldHangulJamo(scalar) { return .disallowed }
            if properties.isDefaultIgnorableCodePoint || properties.isNoncharacterCodePoint { return .disallowed }
            if category == .control { return .disallowed }
            if hasCompat { return .disallowed }  // ID_DIS
            return isLetterDigit(category) ? .pvalid : .disallowed  // everything else is ID_DIS or DISALLOWED
        }

        /// Whether a code point differs from its own NFKC form (HasCompat).
        static func hasCompatibilityMapping(_ scalar: Unicode.Scalar) -> Bool {
            let alone = String(scalar)
            return !alone.precomposedStringWithCompatibilityMapping.unicodeScalars.elementsEqual(alone.unicodeScalars)
        }

        /// LetterDigits: the general categories Ll, Lu, Lo, Nd, Lm, Mn, Mc.
        static func isLetterDigit(_ category: Unicode.GeneralCategory) -> Bool {
            switch category {
            case .lowercaseLetter, .uppercaseLetter, .otherLetter, .decimalNumber,
                 .modifierLetter, .nonspacingMark, .spacingMark:
                return true
            default:
                return false
            }
        }

        /// The localpart rule for one ASCII byte, or `nil` when it is allowed:
        /// controls and space are outside IdentifierClass, and RFC 7622
        /// §3.3.1 additionally forbids `"` `&` `'` `/` `:` `<` `>` `@`.
        static func asciiLocalpartViolation(_ byte: UInt8) -> String? {
            switch byte {
            case 0x00...0x1F, 0x7F:
                return control(Unicode.Scalar(byte))
            case 0x20, 0x22, 0x26, 0x27, 0x2F, 0x3A, 0x3C, 0x3E, 0x40:
                return forbidden(Unicode.Scalar(byte))
            default:
                return nil
            }
        }

        // MARK: Exceptions and contextual rules (RFC 5892 §2.6, Appendix A)

        /// The fixed values RFC 5892 §2.6 assigns to a few code points,
        /// overriding every other rule (shared by PRECIS and IDNA2008).
        static func exception(_ scalar: Unicode.Scalar) -> Property? {
            switch scalar.value {
            case 0x00DF, 0x03C2, 0x06FD, 0x06FE, 0x0F0B, 0x3007:
                return .pvalid
            case 0x00B7, 0x0375, 0x05F3, 0x05F4, 0x30FB, 0x0660...0x0669, 0x06F0...0x06F9:
                return .contextual
            case 0x0640, 0x07FA, 0x302E, 0x302F, 0x3031...0x3035, 0x303B:
                return .disallowed
            default:
                return nil
            }
        }

        /// ZERO WIDTH NON-JOINER and ZERO WIDTH JOINER (CONTEXTJ).
        static func isJoinControl(_ scalar: Unicode.Scalar) -> Bool {
            scalar.value == 0x200C || scalar.value == 0x200D
        }

        /// Conjoining jamo of archaic Hangul (RFC 5892 §2.9), always disallowed.
        static func isOldHangulJamo(_ scalar: Unicode.Scalar) -> Bool {
            switch scalar.value {
            case 0x1100...0x11FF, 0xA960...0xA97C, 0xD7B0...0xD7C6, 0xD7CB...0xD7FB:
                return true
            default:
                return false
            }
        }

        /// Whether the contextual rule of `scalars[index]` (RFC 5892
        /// Appendix A) holds within the whole part or label `scalars`.
        ///
        /// Swift exposes no Script or Joining_Type property, so script tests
        /// use the main block ranges of each script, and ZERO WIDTH
        /// NON-JOINER is only accepted after a virama (its second, joining
        /// type rule is not implemented, which errs on the side of refusal).
        static func contextAllows(_ scalars: [Unicode.Scalar], at index: Int) -> Bool {
            let before: Unicode.Scalar? = index > scalars.startIndex ? scalars[index - 1] : nil
            let after: Unicode.Scalar? = index + 1 < scalars.endIndex ? scalars[index + 1] : nil
            switch scalars[index].value {
            case 0x200C, 0x200D:  // ZWNJ, ZWJ: after a virama
                return before?.properties.canonicalCombiningClass == .virama
            case 0x00B7:  // MIDDLE DOT: between two 'l' (Catalan "l·l")
                return before == "l" && after == "l"
            case 0x0375:  // GREEK LOWER NUMERAL SIGN: before a Greek letter
                return after.map(isGreek) ?? false
            case 0x05F3, 0x05F4:  // HEBREW GERESH, GERSHAYIM: after a Hebrew letter
                return before.map(isHebrew) ?? false
            case 0x30FB:  // KATAKANA MIDDLE DOT: with some Hiragana, Katakana or Han
                return scalars.contains(where: isHiraganaKatakanaOrHan)
            case 0x0660...0x0669:  // ARABIC-INDIC DIGITS: not mixed with extended ones
                return !scalars.contains { (0x06F0...0x06F9).contains($0.value) }
            case 0x06F0...0x06F9:  // EXTENDED ARABIC-INDIC DIGITS: not mixed either
                return !scalars.contains { (0x0660...0x0669).contains($0.value) }
            default:
                return false
            }
        }

        private static func isGreek(_ scalar: Unicode.Scalar) -> Bool {
            switch scalar.value {
            case 0x0370...0x0373, 0x0376...0x03E1, 0x03F0...0x03FF, 0x1F00...0x1FFF:
                return true
            default:
                return false
            }
        }

        private static func isHebrew(_ scalar: Unicode.Scalar) -> Bool {
            (0x0591...0x05F4).contains(scalar.value) || (0xFB1D...0xFB4F).contains(scalar.value)
        }

        private static func isHiraganaKatakanaOrHan(_ scalar: Unicode.Scalar) -> Bool {
            switch scalar.value {
            case 0x3041...0x309F,  // Hiragana
                 0x30A1...0x30FA, 0x30FD...0x30FF, 0x31F0...0x31FF,  // Katakana
                 0xFF66...0xFF9D, 0x1B000...0x1B16F,
                 0x2E80...0x2FDF, 0x3005, 0x3007, 0x3021...0x3029, 0x3038...0x303B,  // Han
                 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x3FFFF:
                return true
            default:
                return false
            }
        }

        // MARK: Width mapping (RFC 8265 §3.3.2 rule 1, RFC 5895 §2)

        /// Appends `scalar`, or its decomposition if it is a fullwidth or
        /// halfwidth form (decomposition type `<wide>` or `<narrow>`).
        static func appendWidthMapped(_ scalar: Unicode.Scalar, to output: inout String.UnicodeScalarView) {
            switch scalar.value {
            case 0x3000, 0xFF01...0xFFEE:
                output.append(contentsOf: String(scalar).precomposedStringWithCompatibilityMapping.unicodeScalars)
            default:
                output.append(scalar)
            }
        }

        // MARK: Error wording

        static func forbidden(_ scalar: Unicode.Scalar) -> String {
            "contains forbidden character \(describe(scalar))"
        }

        static func control(_ scalar: Unicode.Scalar) -> String {
            "contains control character \(describe(scalar))"
        }

        static func disallowed(_ scalar: Unicode.Scalar) -> String {
            "contains disallowed character \(describe(scalar))"
        }

        static func unassigned(_ scalar: Unicode.Scalar) -> String {
            "contains unassigned code point \(describe(scalar))"
        }

        static func contextViolation(_ scalar: Unicode.Scalar) -> String {
            "contains \(describe(scalar)) where its contextual rule does not allow it"
        }

        /// `'x'` for printable ASCII, `U+2163 'Ⅳ'` for other visible
        /// characters, the bare code point (`U+0001`) for everything else.
        static func describe(_ scalar: Unicode.Scalar) -> String {
            if (0x20...0x7E).contains(scalar.value) { return "'\(Character(scalar))'" }
            let hex = String(scalar.value, radix: 16, uppercase: true)
            let code = "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
            switch scalar.properties.generalCategory {
            case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
                 .decimalNumber, .letterNumber, .otherNumber,
                 .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
                 .initialPunctuation, .finalPunctuation, .otherPunctuation,
                 .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol:
                return "\(code) '\(Character(scalar))'"
            default:
                return code
            }
        }
    }
}
