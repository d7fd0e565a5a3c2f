import Foundation
import Lab

extension SummaryReport {
    /// Flows listed one per line up to this many; beyond, only those with
    /// something to report (lost, duplicated, bounced), up to as many.
    static let flowLineLimit = 20

    /// The per-flow table: sent, delivered, duplicated, bounced, lost.
    var flowLines: [String] {
        let flows = summary.flows
        guard !flows.isEmpty else { return [] }
        var shown = flows
        if flows.count > Self.flowLineLimit {
            shown = Array(flows.filter { $0.lost + $0.duplicated + $0.bounced > 0 }.prefix(Self.flowLineLimit))
        }
        let width = max(30, shown.map(\.flow.count).max() ?? 0)
        var lines = ["Per flow".padding(width + 2) + "   sent  delivered  duplicated  bounced   lost"]
        for figure in shown {
            lines.append("  " + figure.flow.padding(width) + String(
                format: " %6d %10d %11d %8d %6d", figure.sent, figure.delivered, figure.duplicated, figure.bounced, figure.lost
            ))
        }
        if shown.count < flows.count {
            lines.append("  … and \(flows.count - shown.count) more flows, every message delivered once (--json lists them all)")
        }
        return lines
    }

    /// Per client that lost its connection: how it came back.
    var reconnectionLines: [String] {
        let figures = summary.reconnections
        guard !figures.isEmpty else { return [] }
        let width = max(28, figures.map(\.client.count).max() ?? 0)
        var lines = ["Reconnections".padding(width + 2) + "  lost  resumed  new session  failed attempts"]
        for figure in figures {
            lines.append("  " + figure.client.padding(width) + String(
                format: " %5d %8d %12d %16d", figure.lost, figure.resumed, figure.newSessions, figure.failedAttempts
            ))
        }
        return lines
    }

    /// Every fault applied, with its scenario time.
    var faultLines: [String] {
        guard !summary.faults.isEmpty else { return [] }
        return ["Faults"] + summary.faults.map { fault in
            String(format: "  %8.3fs  ", fault.at) + "\(fault.target): \(fault.description)"
        }
    }
}
