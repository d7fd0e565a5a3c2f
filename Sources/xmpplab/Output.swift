import ArgumentParser
import Foundation
import Topology
#if canImport(Glibc)
import Glibc
#endif

/// Writes a line to standard error.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

/// Loads a topology file; on mistakes prints each (`file:line:column: …`)
/// and exits with status 2.
func loadTopology(_ file: String) throws -> Topology {
    switch Result(catching: { () throws(TopologyError) -> Topology in try TopologyLoader.load(file: file) }) {
    case .success(let topology):
        return topology
    case .failure(let error):
        for issue in error.issues { printError(issue.description) }
        throw ExitCode(2)
    }
}

/// Whether standard output is a terminal (for the live progress line).
var standardOutputIsTerminal: Bool { isatty(1) != 0 }

/// Writes `text` over the current terminal line.
func printProgressLine(_ text: String) {
    print("\r\u{1B}[2K" + text, terminator: "")
    fflush(nil)
}
