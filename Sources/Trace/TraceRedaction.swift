/// Removes secrets from an event's detail before it is stored.
///
/// The text content of SASL elements (`<auth>`, `<response>`,
/// `<challenge>`, `<success>`, and XEP-0388's `<initial-response>` and
/// `<additional-data>`) and of any `<password>` element becomes
/// `[redacted]`. Elements are matched by local name whatever their prefix
/// or namespace: hiding a little too much is better than storing a
/// password. An element cut off before its end tag is redacted to the end
/// of the text. The scan is one pass over the UTF-8 bytes and copies only
/// when something is redacted.
public enum TraceRedaction {
    public static let placeholder = "[redacted]"

    static let secretNames: [[UInt8]] = [
        "auth", "response", "challenge", "success", "initial-response", "additional-data", "password",
    ].map { Array($0.utf8) }

    public static func redact(_ text: String) -> String {
        var text = text
        let redacted = text.withUTF8 { redact(bytes: $0) }
        return redacted.map { String(decoding: $0, as: UTF8.self) } ?? text
    }

    /// The redacted bytes, or nil when there is nothing to redact.
    static func redact(bytes: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        let n = bytes.count
        var output: [UInt8]? = nil
        var copied = 0
        var i = 0
        while i < n {
            guard bytes[i] == UInt8(ascii: "<") else {
                i += 1
                continue
            }
            let nameStart = i + 1
            var nameEnd = nameStart
            while nameEnd < n, !isNameDelimiter(bytes[nameEnd]) { nameEnd += 1 }
            guard isSecretName(bytes, nameStart, nameEnd) else {
                i = max(nameEnd, i + 1)
                continue
            }
            // The end of the start tag, skipping quoted attribute values.
            var tagEnd = nameEnd
            var quote: UInt8? = nil
            while tagEnd < n {
                let c = bytes[tagEnd]
                if let q = quote {
                    if c == q { quote = nil }
                } else if c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") {
                    quote = c
                } else if c == UInt8(ascii: ">") {
                    break
                }
                tagEnd += 1
            }
            guard tagEnd < n else { break }
            if bytes[tagEnd - 1] == UInt8(ascii: "/") {
                i = tagEnd + 1
                continue
            }
            let contentStart = tagEnd + 1
            let contentEnd = findEndTag(bytes, from: contentStart, name: nameStart..<nameEnd) ?? n
            if contentEnd > contentStart {
                var out = output ?? []
                if output == nil { out.reserveCapacity(n) }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied..<contentStart]))
                out.append(contentsOf: placeholder.utf8)
                output = out
                copied = contentEnd
            }
            i = contentEnd
        }
        guard var out = output else { return nil }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied..<n]))
        return out
    }

    private static func isNameDelimiter(_ c: UInt8) -> Bool {
        c == UInt8(ascii: ">") || c == UInt8(ascii: "/") || c == UInt8(ascii: " ") || c == UInt8(ascii: "\t")
            || c == UInt8(ascii: "\n") || c == UInt8(ascii: "\r") || c == UInt8(ascii: "<")
    }

    /// Whether the qualified name's local part is one of the secret names.
    private static func isSecretName(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        guard end > start else { return false }
        var localStart = start
        for k in start..<end where bytes[k] == UInt8(ascii: ":") { localStart = k + 1 }
        let length = end - localStart
        for name in secretNames where name.count == length {
            var equal = true
            for k in 0..<length where bytes[localStart + k] != name[k] {
                equal = false
                break
            }
            if equal { return true }
        }
        return false
    }

    /// Where `</name` followed by optional whitespace and `>` starts.
    private static func findEndTag(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, name: Range<Int>) -> Int? {
        let n = bytes.count
        var i = start
        while i + 1 < n {
            if bytes[i] == UInt8(ascii: "<"), bytes[i + 1] == UInt8(ascii: "/") {
                var j = i + 2
                var matched = true
                for k in name {
                    if j >= n || bytes[j] != bytes[k] {
                        matched = false
                        break
                    }
                    j += 1
                }
                if matched {
                    while j < n, bytes[j] == UInt8(ascii: " ") || bytes[j] == UInt8(ascii: "\t")
                        || bytes[j] == UInt8(ascii: "\n") || bytes[j] == UInt8(ascii: "\r")
                    {
                        j += 1
                    }
                    if j < n, bytes[j] == UInt8(ascii: ">") { return i }
                }
            }
            i += 1
        }
        return nil
    }
}
