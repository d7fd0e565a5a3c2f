/// Converting between libyaml's line/column marks and positions in the text.
///
/// libyaml counts lines from 1 and columns from 1 in Unicode scalars, and
/// takes `\r\n`, `\r`, `\n`, NEL, LS and PS each as one line break.
enum TextPositions {
    /// The index of the scalar at 1-based `line` and `column`, if the text has one.
    static func index(line: Int, column: Int, in scalars: String.UnicodeScalarView) -> String.UnicodeScalarView.Index? {
        var currentLine = 1
        var index = scalars.startIndex
        while currentLine < line {
            guard index < scalars.endIndex else { return nil }
            let scalar = scalars[index]
            index = scalars.index(after: index)
            if isBreak(scalar) {
                if scalar == "\r", index < scalars.endIndex, scalars[index] == "\n" {
                    index = scalars.index(after: index)
                }
                currentLine += 1
            }
        }
        for _ in 1..<max(column, 1) {
            guard index < scalars.endIndex, !isBreak(scalars[index]) else { return nil }
            index = scalars.index(after: index)
        }
        return index
    }

    /// The 1-based line and column of the `offset`-th character of `text`.
    static func lineAndColumn(ofCharacterOffset offset: Int, in text: String) -> (line: Int, column: Int) {
        var line = 1
        var column = 1
        for character in text.prefix(max(offset, 0)) {
            if character.unicodeScalars.contains(where: isBreak) {
                line += 1
                column = 1
            } else {
                column += character.unicodeScalars.count
            }
        }
        return (line, column)
    }

    static func isBreak(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "\n", "\r", "\u{85}", "\u{2028}", "\u{2029}": true
        default: false
        }
    }
}
