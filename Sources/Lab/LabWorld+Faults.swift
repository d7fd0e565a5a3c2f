import LabNet
import Topology
import Trace

extension LabWorld {
    /// Crashes `domain`'s server: every connection reset, no stream closed.
    func crash(_ domain: String) async throws {
        try await server(domain).crash()
        record(.fault, node: domain, "server crashed")
    }

    /// Restarts a crashed or stopped server on its ports, with its accounts
    /// and rosters, and publishes its DNS records again.
    func restart(_ domain: String) async throws {
        let server = try server(domain)
        try await server.start()
        try await reapplyRecords(of: domain)
        publishLinkAnswers()
        record(.fault, node: domain, "server restarted")
    }

    /// Applies a fault step (server crash/restart, link cut/heal/degrade,
    /// DNS break/restore) and records it; the scenario's steps and `serve`'s
    /// live commands both come here.
    func applyFault(_ action: StepAction) async throws {
        switch action {
        case .crashServer(let domain):
            try await crash(domain)
        case .restartServer(let domain):
            try await restart(domain)
        case .cutLink(let pair, let mode):
            try link(pair).relay.cut(LabNet.LinkCutMode(rawValue: mode.rawValue) ?? .blackhole)
            record(.fault, node: pair.description, "link cut (\(mode.rawValue))")
        case .healLink(let pair):
            try link(pair).relay.heal()
            record(.fault, node: pair.description, "link healed")
        case .degradeLink(let pair, let latency, let jitter, let bandwidth):
            try link(pair).degrade(latency: latency, jitter: jitter, bandwidth: bandwidth)
            record(.fault, node: pair.description, "link degraded")
        case .breakDNS(let domain, let failure, let querier):
            breakDNS(domain: domain, failure: failure, querier: querier)
            record(.fault, node: "dns", "\(domain): \(failure.rawValue)\(querier.map { " for \($0)" } ?? "")")
        case .restoreDNS(let domain):
            restoreDNS(domain: domain)
            record(.fault, node: "dns", "\(domain) restored")
        default:
            throw LabError("not a fault: \(action.summary)")
        }
    }
}

extension StepAction {
    /// Whether the step is a fault (`LabWorld.applyFault` takes it).
    var isFault: Bool {
        switch self {
        case .crashServer, .restartServer, .cutLink, .healLink, .degradeLink, .breakDNS, .restoreDNS: true
        default: false
        }
    }
}
