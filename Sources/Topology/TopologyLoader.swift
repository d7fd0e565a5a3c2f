import Foundation

/// Reads topology files: YAML in the format described in the README
/// ("Topology files") and `Topologies/schema.json`.
///
/// The loader is strict: unknown keys, wrong types, unknown references and
/// malformed values are all errors. It checks the whole file and throws one
/// ``TopologyError`` listing every problem, each with file, line and column.
public enum TopologyLoader {
    /// Reads and parses the file at `path` (at most
    /// ``TopologyLimits/maximumFileBytes``); messages name the file as given.
    public static func load(file path: String) throws(TopologyError) -> Topology {
        let start = SourceLocation(file: path, line: 1, column: 1)
        let data: Data
        do {
            let size = try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int ?? 0
            guard size <= TopologyLimits.maximumFileBytes else {
                throw TopologyError(issues: [TopologyIssue(location: start, message: tooLarge(size))])
            }
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch let error as TopologyError {
            throw error
        } catch {
            throw TopologyError(issues: [TopologyIssue(location: start, message: "cannot read the file: \(error.localizedDescription)")])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw TopologyError(issues: [TopologyIssue(location: start, message: "the file is not valid UTF-8")])
        }
        return try parse(text, file: path)
    }

    /// Parses topology YAML; `file` names the source in messages.
    public static func parse(_ text: String, file: String = "<string>") throws(TopologyError) -> Topology {
        let size = text.utf8.count
        guard size <= TopologyLimits.maximumFileBytes else {
            throw TopologyError(issues: [TopologyIssue(location: SourceLocation(file: file, line: 1, column: 1), message: tooLarge(size))])
        }
        let document = try YAMLComposer.compose(text, file: file)
        var reader = TopologyReader(file: file, renamedKeys: document.renamedKeys)
        let topology = reader.readTopology(document.root, text: text)
        guard let topology, reader.issues.isEmpty else {
            throw TopologyError(issues: reader.sortedIssues)
        }
        return topology
    }

    private static func tooLarge(_ size: Int) -> String {
        "the file is too large: \(size) bytes (at most \(TopologyLimits.maximumFileBytes), 4 MiB)"
    }
}
