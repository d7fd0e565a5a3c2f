import Foundation
import Lab
import Topology

/// Commands typed into `serve` (one per line on standard input) that apply
/// faults to the running topology.
enum LiveCommands {
    static let help = """
        cut A B [blackhole|reset]          cut the link between domains A and B
        heal A B                           heal it
        degrade A B [latency=D] [jitter=D] [bandwidth=B]
        crash DOMAIN                       crash a server (connections reset)
        restart DOMAIN                     restart it on its ports
        break-dns DOMAIN [nxdomain|servfail|timeout] [QUERIER]
        restore-dns DOMAIN
        status                             servers and links now
        help
        """

    /// Reads lines until standard input ends or the task is cancelled.
    static func run(_ service: LabService, quiet: Bool) async {
        for await line in lines() {
            guard !Task.isCancelled else { return }
            let words = line.split(separator: " ").map(String.init)
            guard let command = words.first else { continue }
            do {
                switch command {
                case "help":
                    print(help)
                case "status":
                    for line in await service.status() { print(line) }
                default:
                    try await service.apply(try parse(words))
                    if !quiet { print("ok: \(line)") }
                }
            } catch {
                printError("\(line): \(error)")
            }
            fflush(nil)
        }
    }

    struct CommandError: Error, CustomStringConvertible {
        var description: String
    }

    static func parse(_ words: [String]) throws -> StepAction {
        func argument(_ index: Int, _ what: String) throws -> String {
            guard index < words.count else { throw CommandError(description: "\(words[0]) needs \(what) (try `help`)") }
            return words[index].lowercased()
        }
        switch words[0] {
        case "cut":
            let mode = words.count > 3 ? LinkCutMode(rawValue: words[3]) : .blackhole
            guard let mode else { throw CommandError(description: "mode is blackhole or reset") }
            return .cutLink(DomainPairSpec(try argument(1, "two domains"), try argument(2, "two domains")), mode: mode)
        case "heal":
            return .healLink(DomainPairSpec(try argument(1, "two domains"), try argument(2, "two domains")))
        case "degrade":
            var latency: Duration?, jitter: Duration?, bandwidth: Int?
            for setting in words.dropFirst(3) {
                let parts = setting.split(separator: "=", maxSplits: 1).map(String.init)
                guard parts.count == 2 else { throw CommandError(description: "expected key=value, got \(setting)") }
                switch parts[0] {
                case "latency": latency = DurationText.parse(parts[1])
                case "jitter": jitter = DurationText.parse(parts[1])
                case "bandwidth": bandwidth = BandwidthText.parse(parts[1])
                default: throw CommandError(description: "unknown setting \(parts[0]) (latency, jitter, bandwidth)")
                }
                if latency == nil, jitter == nil, bandwidth == nil { throw CommandError(description: "bad value in \(setting)") }
            }
            return .degradeLink(DomainPairSpec(try argument(1, "two domains"), try argument(2, "two domains")), latency: latency, jitter: jitter, bandwidth: bandwidth)
        case "crash":
            return .crashServer(domain: try argument(1, "a domain"))
        case "restart":
            return .restartServer(domain: try argument(1, "a domain"))
        case "break-dns":
            let failure = words.count > 2 ? DNSFailureKind(rawValue: words[2]) : .nxdomain
            guard let failure else { throw CommandError(description: "failure is nxdomain, servfail or timeout") }
            return .breakDNS(domain: try argument(1, "a domain"), failure: failure, querier: words.count > 3 ? words[3].lowercased() : nil)
        case "restore-dns":
            return .restoreDNS(domain: try argument(1, "a domain"))
        default:
            throw CommandError(description: "unknown command \(words[0]) (try `help`)")
        }
    }

    /// Standard input's lines, read on a thread of their own (reading blocks).
    static func lines() -> AsyncStream<String> {
        AsyncStream { continuation in
            let thread = Thread {
                while let line = readLine() {
                    let trimmed = line.trimmingCharacters(in: .whitespaces)
                    if !trimmed.isEmpty { continuation.yield(trimmed) }
                }
                continuation.finish()
            }
            thread.start()
        }
    }
}
