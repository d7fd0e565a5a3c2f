import ArgumentParser
import Topology

/// `xmpplab validate FILE…`: every mistake with file, line and column.
struct Validate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check topology files; print every mistake with file, line and column."
    )

    @Argument(help: "Topology files (YAML).")
    var files: [String]

    func run() async throws {
        var failed = false
        for file in files {
            switch Result(catching: { () throws(TopologyError) -> Topology in try TopologyLoader.load(file: file) }) {
            case .success(let topology):
                print("\(file): ok (\(topology.servers.count) servers, \(topology.clients.count) clients, \(topology.links.count) links, \(topology.scenario.steps.count) steps, \(topology.scenario.expectations.count) expectations)")
            case .failure(let error):
                failed = true
                for issue in error.issues { printError(issue.description) }
            }
        }
        if failed { throw ExitCode(1) }
    }
}
