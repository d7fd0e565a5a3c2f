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
        var lines = Self.table(
            "Per flow", columns: "   sent  delivered  duplicated  bounced   lost", labelWidth: 30,
            rows: shown.map { figure in
                (figure.flow, String(
                    format: " %6d %10d %11d %8d %6d", figure.sent, figure.delivered, figure.duplicated, figure.bounced, figure.lost
                ))
            }
        )
        if shown.count < flows.count {
            lines.append("  … and \(flows.count - shown.count) more flows, every message delivered once (--json lists them all)")
        }
        return lines
    }

    /// Per client that lost its connection: how it came back.
    var reconnectionLines: [String] {
        let figures = summary.reconnections
        guard !figures.isEmpty else { return [] }
        return Self.table(
            "Reconnections", columns: "  lost  resumed  new session  failed attempts", labelWidth: 28,
            rows: figures.map { figure in
                (figure.client, String(
                    format: " %5d %8d %12d %16d", figure.lost, figure.resumed, figure.newSessions, figure.failedAttempts
                ))
            }
        )
    }

    /// A table of labelled rows: the title over the labels, `columns` over
    /// the figures (each row's `figures` starts with a space). Labels are
    /// indented by two and padded to the longest of them, or `labelWidth`,
    /// so that every row's figures start in the same column.
    static func table(_ title: String, columns: String, labelWidth: Int, rows: [(label: String, figures: String)]) -> [String] {
        let width = max(labelWidth, rows.map(\.label.count).max() ?? 0)
        func padded(_ text: String, to width: Int) -> String {
            text + String(repeating: " ", count: max(0, width - text.count))
        }
        return [padded(title, to: width + 2) + columns] + rows.map { "  " + padded($0.label, to: width) + $0.figures }
    }

    /// Every fault applied, with its scenario time.
    var faultLines: [String] {
        guard !summary.faults.isEmpty else { return [] }
        return ["Faults"] + summary.faults.map { fault in
            String(format: "  %8.3fs  ", fault.at) + "\(fault.target): \(fault.description)"
        }
    }
}
