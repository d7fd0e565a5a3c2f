import Trace

/// What a run produced: verdicts and figures. Encodable as the `--json` output.
public struct RunSummary: Sendable, Codable {
    public var topology: String
    public var file: String
    public var seed: UInt64
    public var passed: Bool
    /// Seconds to build the world (CA, servers, links, DNS) before scenario time 0.
    public var buildSeconds: Double
    /// Scenario seconds until every client connecting at the start had logged in.
    public var loginSeconds: Double?
    /// Scenario seconds until every expectation was decided.
    public var scenarioSeconds: Double
    public var servers: Int
    public var clients: Int
    public var clientsOnlineAtEnd: Int
    public var expectations: [ExpectationResult]
    /// Steps that could not be performed, waits that timed out, logins that failed.
    public var problems: [String]
    public var messages: MessageFigures
    /// Per flow (sending client -> recipient bare JID), in name order.
    public var flows: [FlowFigure]
    /// Per client that lost its connection without the scenario asking.
    public var reconnections: [ReconnectionFigure]
    /// The faults applied (steps, chaos included), in order.
    public var faults: [FaultFigure]
    /// Delivery latency per direction of a domain pair.
    public var latency: [LatencyFigure]
    public var presence: PresenceFigures
    /// Established s2s streams at the end, by method (`sasl-external`,
    /// `dialback`, with `+bidi` for XEP-0288 streams carrying both directions).
    public var s2sByMethod: [String: Int]
    public var links: [LinkFigure]
    public var descriptors: DescriptorBudget

    public struct MessageFigures: Sendable, Codable {
        public var sent: Int
        public var delivered: Int
        public var bounced: Int
        /// Neither delivered nor bounced when the run ended.
        public var unaccounted: Int
        /// Delivered more than once (each such message counted once).
        public var duplicated: Int
    }

    /// What became of the messages one client sent to one recipient.
    public struct FlowFigure: Sendable, Codable, Equatable {
        /// The sending client.
        public var from: String
        /// The recipient's bare JID.
        public var to: String
        public var sent: Int
        /// Arrived at the recipient (at least once).
        public var delivered: Int
        /// Arrived more than once.
        public var duplicated: Int
        /// Came back to the sender as an error.
        public var bounced: Int
        /// Neither delivered nor bounced by the end.
        public var lost: Int

        /// `alice@alpha.test -> bob@bravo.test`
        public var flow: String { "\(from) -> \(to)" }
    }

    public struct ReconnectionFigure: Sendable, Codable, Equatable {
        public var client: String
        /// Connections lost without the scenario asking (crash, reset, drop).
        public var lost: Int
        /// Sessions resumed (XEP-0198).
        public var resumed: Int
        /// Reconnections with a new session (resumption refused, or nothing to resume).
        public var newSessions: Int
        /// Attempts that failed (server down, connection refused or lost while negotiating).
        public var failedAttempts: Int
    }

    public struct FaultFigure: Sendable, Codable, Equatable {
        /// Scenario seconds.
        public var at: Double
        /// The server, link, client or `dns` it hit.
        public var target: String
        public var description: String
    }

    public struct LatencyFigure: Sendable, Codable {
        /// `alpha.test -> bravo.test`
        public var flow: String
        public var count: Int
        public var p50Milliseconds: Double
        public var p95Milliseconds: Double
        public var p99Milliseconds: Double
    }

    public struct PresenceFigures: Sendable, Codable {
        /// Subscriptions the clients asked for (each is one observer that
        /// should see one contact).
        public var expectedPairs: Int
        public var convergedPairs: Int
        /// Scenario seconds until the last of them saw its contact (nil if some never did).
        public var convergenceSeconds: Double?
    }

    public struct LinkFigure: Sendable, Codable {
        public var link: String
        /// Bytes relayed, both directions together.
        public var bytes: Int
        /// Connections accepted at the link's entrances, and how many it reset.
        public var connections: Int
        public var resets: Int
        /// The longest delay the link applied to a chunk.
        public var maxDelayMilliseconds: Double
        /// Status at the end: `up`, `down (blackhole)`, `down (reset)`.
        public var status: String
    }
}

extension RunSummary {
    /// The figures as named metrics, for a recording's `metrics` table.
    public var metrics: [TraceMetric] {
        var metrics = [
            TraceMetric(name: "build", value: buildSeconds, unit: "s"),
            TraceMetric(name: "scenario", value: scenarioSeconds, unit: "s"),
            TraceMetric(name: "messages.sent", value: Double(messages.sent)),
            TraceMetric(name: "messages.delivered", value: Double(messages.delivered)),
            TraceMetric(name: "messages.bounced", value: Double(messages.bounced)),
            TraceMetric(name: "messages.unaccounted", value: Double(messages.unaccounted)),
            TraceMetric(name: "messages.duplicated", value: Double(messages.duplicated)),
            TraceMetric(name: "reconnections.resumed", value: Double(reconnections.reduce(0) { $0 + $1.resumed })),
            TraceMetric(name: "reconnections.new_sessions", value: Double(reconnections.reduce(0) { $0 + $1.newSessions })),
            TraceMetric(name: "presence.converged", value: Double(presence.convergedPairs)),
            TraceMetric(name: "presence.expected", value: Double(presence.expectedPairs)),
        ]
        if let login = loginSeconds { metrics.append(TraceMetric(name: "logins", value: login, unit: "s")) }
        if let convergence = presence.convergenceSeconds {
            metrics.append(TraceMetric(name: "presence.convergence", value: convergence, unit: "s"))
        }
        for figure in latency {
            metrics.append(TraceMetric(name: "latency.p50 \(figure.flow)", value: figure.p50Milliseconds, unit: "ms"))
            metrics.append(TraceMetric(name: "latency.p95 \(figure.flow)", value: figure.p95Milliseconds, unit: "ms"))
            metrics.append(TraceMetric(name: "latency.p99 \(figure.flow)", value: figure.p99Milliseconds, unit: "ms"))
        }
        for (method, count) in s2sByMethod.sorted(by: { $0.key < $1.key }) {
            metrics.append(TraceMetric(name: "s2s.\(method)", value: Double(count)))
        }
        for link in links {
            metrics.append(TraceMetric(name: "link.bytes \(link.link)", value: Double(link.bytes), unit: "B"))
        }
        return metrics
    }
}
