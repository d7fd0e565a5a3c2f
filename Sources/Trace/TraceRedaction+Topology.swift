import Foundation

extension TraceRedaction {
    /// The value every `password:` of a stored topology is replaced with.
    public static let redactedPassword = "[redacted]"

    /// A topology file's text with the value of every `password:` key (block
    /// or flow style, quoted or not) replaced by `"[redacted]"`. A replay
    /// reads it back as-is: every account and client then shares that one
    /// password, so logins succeed just the same.
    public static func redactTopology(_ text: String) -> String {
        let pattern = #"(\bpassword\s*:\s*)("(?:[^"\\]|\\.)*"|'[^']*'|[^,}\n#]*[^,}\n#\s])"#
        guard let expression = try? NSRegularExpression(pattern: pattern) else { return text }
        let range = NSRange(text.startIndex..., in: text)
        return expression.stringByReplacingMatches(in: text, range: range, withTemplate: "$1\"\(redactedPassword)\"")
    }
}
