import Foundation
import Synchronization
import Trace

/// Passes everything to a recorder and watches for the last of `expected`
/// message arrivals at the lab's clients: notes the recorder's backlog then
/// and when everything recorded up to that arrival was stored, so that a
/// throughput figure can count the writer's lag behind the run.
final class ArrivalWatch: TraceSink {
    let recorder: TraceRecorder
    let expected: Int
    private let arrivals = Atomic<Int>(0)
    /// When the last arrival was seen, the backlog then, and the task that notes when it is stored.
    private let state = Mutex<(arrival: ContinuousClock.Instant, backlog: Int, stored: Task<ContinuousClock.Instant, Never>)?>(nil)

    init(recorder: TraceRecorder, expected: Int) {
        self.recorder = recorder
        self.expected = expected
    }

    /// How long after the last arrival its recording was stored (zero if the writer kept up), and the rows
    /// not yet stored at that arrival.
    func lag() async throws -> (seconds: Double, backlog: Int) {
        try await recorder.flush()
        guard let (arrival, backlog, stored) = state.withLock({ $0 }) else { return (0, 0) }
        let (whole, atto) = (await stored.value - arrival).components
        return (max(0, Double(whole) + Double(atto) / 1e18), backlog)
    }

    private func watch(_ event: TraceEvent) {
        guard event.kind == .stanzaIn, event.stanza?.name == "message", event.connection == nil else { return }
        guard arrivals.add(1, ordering: .relaxed).newValue == expected else { return }
        let (arrival, backlog) = (ContinuousClock.now, recorder.pendingCount)
        let recorder = recorder
        let stored = Task {
            try? await recorder.flush()
            return ContinuousClock.now
        }
        state.withLock { $0 = (arrival, backlog, stored) }
    }

    func record(_ event: TraceEvent) {
        recorder.record(event)
        watch(event)
    }

    func record(_ event: TraceEvent, renderingDetail render: @escaping TraceDetailRenderer) {
        recorder.record(event, renderingDetail: render)
        watch(event)
    }

    func flush() async throws { try await recorder.flush() }
    func recordNode(name: String, kind: TraceNodeKind) { recorder.recordNode(name: name, kind: kind) }
    func recordConnection(_ connection: TraceConnection) { recorder.recordConnection(connection) }
    func recordFault(_ fault: TraceFault) { recorder.recordFault(fault) }
    func recordExpectation(_ expectation: TraceExpectation) { recorder.recordExpectation(expectation) }
    func recordMetric(_ metric: TraceMetric) { recorder.recordMetric(metric) }
}
