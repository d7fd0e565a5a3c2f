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
}
