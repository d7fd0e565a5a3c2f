import Foundation
import Lab

/// The summary of a run, as text for a terminal.
struct SummaryReport {
    var summary: RunSummary

    var text: String {
        var lines: [String] = []
        let verdict = summary.passed ? "PASSED" : "FAILED"
        lines.append("\(summary.topology) (\(summary.file), seed \(summary.seed)): \(verdict)")
        lines.append(String(
            format: "  world up in %.2fs; scenario %.2fs; %d servers, %d clients (%d online at the end)",
            summary.buildSeconds, summary.scenarioSeconds, summary.servers, summary.clients, summary.clientsOnlineAtEnd
        ))
        lines.append("")
        lines.append("Expectations")
        if summary.expectations.isEmpty { lines.append("  (none)") }
        for result in summary.expectations {
            let at = result.observedAt.map { String(format: " at %.3fs", $0) } ?? ""
            lines.append("  \(result.passed ? "pass" : "FAIL")  \(result.expectation)\(at) — \(result.detail)  [\(result.location)]")
        }
        if !summary.problems.isEmpty {
            lines.append("")
            lines.append("Problems")
            for problem in summary.problems { lines.append("  \(problem)") }
        }
        let m = summary.messages
        lines.append("")
        lines.append(
            "Messages: \(m.sent) sent, \(m.delivered) delivered, \(m.bounced) bounced, \(m.unaccounted) unaccounted"
                + (m.duplicated > 0 ? ", \(m.duplicated) delivered more than once" : "")
        )
        lines += flowLines
        if !summary.latency.isEmpty {
            lines += Self.table(
                "Delivery latency (ms)", columns: " count     p50     p95     p99", labelWidth: 28,
                rows: summary.latency.map { figure in
                    (figure.flow, String(
                        format: " %6d %7.1f %7.1f %7.1f",
                        figure.count, figure.p50Milliseconds, figure.p95Milliseconds, figure.p99Milliseconds
                    ))
                }
            )
        }
        let p = summary.presence
        if p.expectedPairs > 0 {
            let time = p.convergenceSeconds.map { String(format: "converged at %.3fs", $0) } ?? "did not converge"
            lines.append("Presence: \(p.convergedPairs)/\(p.expectedPairs) subscriptions saw their contact; \(time)")
        }
        let methods = summary.s2sByMethod.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }
        lines.append("s2s streams at the end: " + (methods.isEmpty ? "none" : methods.joined(separator: ", ")))
        for link in summary.links {
            lines.append(String(
                format: "Link %@: %@; %d bytes relayed, %d connections (%d reset), longest delay %.1f ms",
                link.link as NSString, link.status as NSString, link.bytes, link.connections, link.resets, link.maxDelayMilliseconds
            ))
        }
        lines += reconnectionLines
        lines += faultLines
        lines.append("File descriptors: \(summary.descriptors.needed) budgeted of \(summary.descriptors.limit)")
        return lines.joined(separator: "\n")
    }
}
