import Foundation
import Topology
import Trace
import XMPPCore

/// Where `run --record` writes, and the recorder writing there.
struct Recording {
    var path: String
    var recorder: TraceRecorder

    /// `path` is a file, or a directory (an existing one, or one ending in
    /// `/`) that gets `<topology>-<UTC time>.sqlite`.
    static func start(at path: String, topology: Topology) throws -> Recording {
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
        var file = path
        if path.hasSuffix("/") || (exists && isDirectory.boolValue) {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "UTC")
            formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
            file = URL(fileURLWithPath: path).appendingPathComponent("\(topology.name)-\(formatter.string(from: Date())).sqlite").path
        }
        let header = RunHeader(
            version: XMPPLabVersion.string, topologyName: topology.name, topologyText: topology.sourceText,
            seed: topology.seed, startedAt: Date()
        )
        return Recording(path: file, recorder: try TraceRecorder(path: file, run: header))
    }
}
