import ArgumentParser
import Dispatch
import Foundation
import LabNet
import Lab
import Topology

/// `xmpplab serve FILE`: brings a topology up and keeps it running for real
/// clients and servers to join.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Bring a topology up and keep it running; print addresses, accounts, DNS and the CA file."
    )

    @Argument(help: "Topology file (YAML).")
    var file: String = "Topologies/default.yaml"

    @Flag(help: "Print what is up as one JSON document on a single line, once everything is up.")
    var json = false

    @Option(name: .customLong("ca-out"), help: "Write the lab CA certificate (ca.pem) into this directory.")
    var caOut: String?

    @Option(name: .customLong("for"), help: "Stop by itself after this long (e.g. 30s, 2m, 500ms).")
    var duration: String?

    func run() async throws {
        let topology = try loadTopology(file)
        let limit = try duration.map { text -> Duration in
            guard let value = DurationText.parse(text) else { throw ValidationError("--for: bad duration '\(text)' (e.g. 30s, 2m, 500ms)") }
            return value
        }
        let service = try await LabService.start(topology)
        let caDirectory = caOut ?? FileManager.default.temporaryDirectory.appendingPathComponent("xmpplab-\(topology.name)").path
        try FileManager.default.createDirectory(atPath: caDirectory, withIntermediateDirectories: true)
        let caFile = URL(fileURLWithPath: caDirectory).appendingPathComponent("ca.pem").path
        try service.info.caPEM.write(toFile: caFile, atomically: true, encoding: .utf8)
        if json {
            print(try ServeReport.json(service.info, caFile: caFile))
        } else {
            print(ServeReport.text(service.info, caFile: caFile))
        }
        fflush(nil)
        let commands = Task { await LiveCommands.run(service, quiet: json) }
        await StopSignal.wait(limit: limit)
        commands.cancel()
        await service.stop()
        if !json { print("stopped") }
    }
}

enum ServeReport {
    static func json(_ info: LabService.Info, caFile: String) throws -> String {
        struct Document: Encodable {
            var info: LabService.Info
            var caFile: String
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(Document(info: info, caFile: caFile)), as: UTF8.self)
    }

    static func text(_ info: LabService.Info, caFile: String) -> String {
        var lines = ["\(info.topology) is up; \(info.clientsOnline)/\(info.clients) lab clients online", ""]
        for server in info.servers {
            lines.append("\(server.domain)")
            lines.append("  c2s \(server.c2s)   s2s \(server.s2s)")
            for account in server.accounts { lines.append("  account \(account.jid)  password \(account.password)") }
        }
        lines.append("")
        lines.append("DNS (UDP, answers SRV/A for every lab domain): \(info.dns)")
        lines.append("CA certificate: \(caFile)")
        lines.append("Type `help` for live faults (cut, heal, degrade, crash, restart, break-dns, restore-dns, status). Stop with Ctrl-C.")
        return lines.joined(separator: "\n")
    }
}

/// Waits for SIGINT or SIGTERM, or until `limit` has passed.
enum StopSignal {
    static func wait(limit: Duration?) async {
        signal(SIGINT, SIG_IGN)
        signal(SIGTERM, SIG_IGN)
        let queue = DispatchQueue(label: "xmpplab.signals")
        let once = Once()
        let sources = [SIGINT, SIGTERM].map { number in
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler { once.fire() }
            source.resume()
            return source
        }
        if let limit {
            queue.asyncAfter(deadline: .now() + .nanoseconds(Int(clamping: limit.clampedNanoseconds))) { once.fire() }
        }
        await withCheckedContinuation { once.wait($0) }
        for source in sources { source.cancel() }
    }
}

/// A one-shot event: `wait` resumes when `fire` happened, before or after.
final class Once: @unchecked Sendable {
    private let lock = NSLock()
    private var fired = false
    private var continuation: CheckedContinuation<Void, Never>?

    func wait(_ continuation: CheckedContinuation<Void, Never>) {
        lock.lock()
        if fired {
            lock.unlock()
            continuation.resume()
            return
        }
        self.continuation = continuation
        lock.unlock()
    }

    func fire() {
        lock.lock()
        fired = true
        let continuation = self.continuation
        self.continuation = nil
        lock.unlock()
        continuation?.resume()
    }
}
