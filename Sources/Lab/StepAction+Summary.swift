import Topology

extension StepAction {
    /// The step in words, for traces and timelines.
    var summary: String {
        switch self {
        case .connect(let clients): "connect \(clients.joined(separator: ", "))"
        case .disconnect(let clients): "disconnect \(clients.joined(separator: ", "))"
        case .dropConnection(let client): "drop the connection of \(client)"
        case .sendMessage(let from, let to, _, let id, let count, let interval):
            "send \(from) -> \(to)\(id.map { " #\($0)" } ?? "")" + (count > 1 ? " x\(count) every \(interval.compact)" : "")
        case .sendPresence(let from, let presence):
            "presence of \(from)" + (presence.show.map { " \($0)" } ?? "") + (presence.status.map { " '\($0)'" } ?? "")
        case .subscribe(let from, let to): "\(from) subscribes to \(to)"
        case .crashServer(let domain): "crash \(domain)"
        case .restartServer(let domain): "restart \(domain)"
        case .cutLink(let pair, let mode): "cut \(pair) (\(mode.rawValue))"
        case .healLink(let pair): "heal \(pair)"
        case .degradeLink(let pair, let latency, let jitter, let bandwidth):
            "degrade \(pair):" + (latency.map { " latency \($0.compact)" } ?? "") + (jitter.map { " jitter \($0.compact)" } ?? "")
                + (bandwidth.map { " bandwidth \($0) B/s" } ?? "")
        case .breakDNS(let domain, let failure, let querier): "break DNS of \(domain): \(failure.rawValue)" + (querier.map { " for \($0)" } ?? "")
        case .restoreDNS(let domain): "restore DNS of \(domain)"
        case .wait(let condition, let timeout): "wait for \(condition.summary) (at most \(timeout.compact))"
        }
    }
}
