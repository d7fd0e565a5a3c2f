import Foundation
import Topology

/// The verdict on one expectation.
public struct ExpectationResult: Sendable, Equatable, Codable {
    /// The expectation in words ("bob@bravo.test receives hello within 2s").
    public var expectation: String
    /// `file:line:column` of the expectation in the topology file.
    public var location: String
    public var passed: Bool
    /// Scenario time (seconds) at which it was observed to hold (or fail).
    public var observedAt: Double?
    /// What was seen: a latency, a count, or why it failed.
    public var detail: String

    public init(expectation: String, location: String, passed: Bool, observedAt: Double?, detail: String) {
        self.expectation = expectation
        self.location = location
        self.passed = passed
        self.observedAt = observedAt
        self.detail = detail
    }
}

extension ExpectationKind {
    /// The expectation in words, for reports.
    var summary: String {
        switch self {
        case .delivered(let id, let within):
            "message \(id) delivered within \(within.compact)"
        case .presenceSeen(let observer, let of, let show, let after, let within):
            "\(observer) sees \(show.map { "\($0) " } ?? "")presence of \(of) by \(( after + within).compact)"
        case .errorReceived(let client, let condition, let id, let by):
            "\(client) receives \(condition)\(id.map { " for \($0)" } ?? "") by \(by.compact)"
        case .connectionCount(let domain, let at, let c2s, let s2s):
            "\(domain) at \(at.compact) holds" + (c2s.map { " \($0) c2s" } ?? "") + (s2s.map { " \($0) s2s" } ?? "")
        case .presenceConverged(let by):
            "presence converged by \(by.compact)"
        case .noStanzaLost(let requireDelivery, let flows, let allowDuplicates):
            (requireDelivery ? "every message delivered" : "no message lost (delivered or bounced)")
                + (allowDuplicates ? "" : ", none twice")
                + (flows.isEmpty ? "" : " in " + flows.map(\.summary).joined(separator: ", "))
        }
    }
}

extension MessageFlow {
    /// `alice@alpha.test -> *`, `{a, b} -> c`.
    var summary: String {
        func side(_ names: [String]) -> String { names.count == 1 ? names[0] : "{" + names.joined(separator: ", ") + "}" }
        return side(from) + " -> " + side(to)
    }
}

extension Duration {
    /// `250ms`, `2s`, `1.5s`.
    public var compact: String {
        let ms = milliseconds
        if ms < 1000 {
            return ms == ms.rounded() ? "\(Int(ms))ms" : String(format: "%.1fms", ms)
        }
        let s = ms / 1000
        return s == s.rounded() ? "\(Int(s))s" : String(format: "%.2fs", s)
    }
}
