/// Where something was written in a topology file, for error messages.
public struct SourceLocation: Hashable, Sendable, CustomStringConvertible {
    /// The file as the user named it (or `<string>` when parsed from text).
    public var file: String
    /// 1-based line.
    public var line: Int
    /// 1-based column.
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    public static let unknown = SourceLocation(file: "<unknown>", line: 0, column: 0)

    public var description: String { "\(file):\(line):\(column)" }
}
