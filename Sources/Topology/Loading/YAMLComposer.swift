import Yams

/// The YAML tree of a topology file.
struct ComposedDocument {
    /// nil for an empty document.
    var root: Node?
    /// Placeholder key → the key it stands for (see ``YAMLComposer``).
    var renamedKeys: [String: String]
}

/// Composes YAML text into Yams nodes (with their line/column marks), turning
/// every YAML error into a located ``TopologyIssue``.
///
/// Yams refuses a mapping with a repeated key and gives back no tree at all,
/// which would hide every other problem in the file. So when it reports a
/// duplicate, the first occurrence of the key is renamed in a working copy
/// of the text to a placeholder of the same length (Unicode private-use
/// characters, so every other mark stays where it was) and the text is
/// composed again. The reader maps placeholders back to their key and
/// reports the later occurrences itself, each with its own position.
enum YAMLComposer {
    /// Duplicates renamed before giving up with a single issue.
    static let maximumRenames = 64

    static func compose(_ text: String, file: String) throws(TopologyError) -> ComposedDocument {
        var working = text
        var renamedKeys: [String: String] = [:]
        for attempt in 0...maximumRenames {
            do {
                let root = try Yams.compose(yaml: working)
                return ComposedDocument(root: root, renamedKeys: renamedKeys)
            } catch let YamlError.duplicatedKeysInMapping(duplicates, context) {
                let key = duplicates.first ?? ""
                let placeholder = placeholder(number: attempt, length: key.unicodeScalars.count)
                guard attempt < maximumRenames,
                      let renamed = replacingKey(key, at: context.mark, in: working, with: placeholder)
                else {
                    throw single(at: context.mark.line, context.mark.column, file: file, "duplicate key '\(key)'")
                }
                working = renamed
                renamedKeys[placeholder] = key
            } catch let error as YamlError {
                throw issue(for: error, text: text, file: file)
            } catch {
                throw TopologyError(issues: [TopologyIssue(location: SourceLocation(file: file, line: 1, column: 1), message: "\(error)")])
            }
        }
        throw single(at: 1, 1, file: file, "too many duplicate keys")
    }

    /// `length` private-use scalars, the first numbering the placeholder.
    static func placeholder(number: Int, length: Int) -> String {
        guard length > 0 else { return "" }
        var scalars = String.UnicodeScalarView()
        scalars.append(Unicode.Scalar(0xE000 + UInt32(number))!)
        for _ in 1..<length { scalars.append(Unicode.Scalar(0xE000)!) }
        return String(scalars)
    }

    /// `text` with the key written at `mark` (plain or quoted without
    /// escapes) replaced by `placeholder`, or nil when it is written
    /// otherwise.
    static func replacingKey(_ key: String, at mark: Mark, in text: String, with placeholder: String) -> String? {
        guard !key.isEmpty else { return nil }
        var scalars = text.unicodeScalars
        guard var start = TextPositions.index(line: mark.line, column: mark.column, in: scalars) else { return nil }
        if start < scalars.endIndex, scalars[start] == "\"" || scalars[start] == "'" {
            start = scalars.index(after: start)
        }
        let keyScalars = key.unicodeScalars
        guard let end = scalars.index(start, offsetBy: keyScalars.count, limitedBy: scalars.endIndex),
              scalars[start..<end].elementsEqual(keyScalars)
        else { return nil }
        scalars.replaceSubrange(start..<end, with: placeholder.unicodeScalars)
        return String(scalars)
    }

    static func issue(for error: YamlError, text: String, file: String) -> TopologyError {
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _):
            return single(at: mark.line, mark.column, file: file, "YAML syntax error: \(problem)\(describe(context))")
        case let .composer(context, problem, mark, _):
            if problem == "but found another document" {
                return single(at: mark.line, mark.column, file: file, "a topology file holds one YAML document, but found another")
            }
            return single(at: mark.line, mark.column, file: file, "YAML error: \(problem)\(describe(context))")
        case let .reader(problem, offset, _, _):
            let (line, column) = TextPositions.lineAndColumn(ofCharacterOffset: offset ?? 0, in: text)
            return single(at: line, column, file: file, "unreadable text: \(problem)")
        default:
            return single(at: 1, 1, file: file, "YAML error: \(error)")
        }
    }

    private static func describe(_ context: YamlError.Context?) -> String {
        guard let context else { return "" }
        return " (\(context.text) at line \(context.mark.line), column \(context.mark.column))"
    }

    private static func single(at line: Int, _ column: Int, file: String, _ message: String) -> TopologyError {
        let location = SourceLocation(file: file, line: line, column: column)
        return TopologyError(issues: [TopologyIssue(location: location, message: message)])
    }
}
